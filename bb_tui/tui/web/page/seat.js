// bb-tui browser seat: the app's websocket is this page's own address plus /ws, on this origin.
// When the socket closes, textual.js shows the closed dialog; the server's close reason (a
// code 4000-4999 with one plain sentence: taken over in another tab, link ended, server
// stopped...) replaces its default "Session ended: everything you did was saved."
//
// Sizing: the font is the largest (at most 16 px) that gives the app 80 x 24 cells in this
// window, so a phone held sideways holds the whole screen, key bar included. Where even 10 px
// cannot (a phone upright, a narrow window) the page says to turn the phone or widen the
// window, and no app starts until it fits. textual-serve's textual.js reads the font size and
// the socket's address when it starts, so it is loaded only once both are set.
(function () {
  var Native = window.WebSocket;
  function SeatSocket(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("open", focusTerminal); // the first key reaches the app
    socket.addEventListener("close", function (event) {
      if (event.code >= 4000 && event.code < 5000 && event.reason) {
        var message = document.querySelector(".closed-dialog .message");
        if (message) {
          message.textContent = event.reason;
        }
        var button = document.getElementById("restart");
        if (button && event.code === 4003) {
          button.style.display = "none"; // the link no longer works: opening again cannot help
        }
      }
      var restart = document.getElementById("restart");
      if (restart && restart.style.display !== "none") {
        restart.focus();
      }
    });
    return socket;
  }
  SeatSocket.prototype = Native.prototype;
  SeatSocket.CONNECTING = Native.CONNECTING;
  SeatSocket.OPEN = Native.OPEN;
  SeatSocket.CLOSING = Native.CLOSING;
  SeatSocket.CLOSED = Native.CLOSED;
  window.WebSocket = SeatSocket;
})();

var COLS = 80, ROWS = 24, FONT_MAX = 16, FONT_MIN = 10;
var FONT_FAMILY = "'Roboto Mono', Monaco, 'Courier New', monospace"; // textual.js's
var MARGIN = 0.95; // xterm rounds cells to whole device pixels: keep a little room
var fontSize = 0; // chosen once the app starts

function focusTerminal() {
  var input = document.querySelector(".xterm-helper-textarea");
  if (input && !document.body.classList.contains("-too-small")) {
    input.focus();
  }
}

// One cell of the font at 1 px, measured as xterm measures it (32 W's, line-height normal).
function cellPerPixel() {
  var probe = document.createElement("span");
  probe.style.cssText = "position:absolute;visibility:hidden;left:-9999em;top:0;" +
    "display:inline-block;line-height:normal;white-space:pre;font-size:100px";
  probe.style.fontFamily = FONT_FAMILY;
  probe.textContent = "W".repeat(32);
  document.body.appendChild(probe);
  var box = probe.getBoundingClientRect();
  document.body.removeChild(probe);
  return { width: box.width / 32 / 100, height: box.height / 100 };
}

// The largest font size (in quarter pixels) that fits COLS (and ROWS, unless `wideOnly`).
function fittingFont(cell, wideOnly) {
  var wide = window.innerWidth / (COLS * cell.width);
  var high = wideOnly ? wide : window.innerHeight / (ROWS * cell.height);
  return Math.min(FONT_MAX, Math.floor(Math.min(wide, high) * MARGIN * 4) / 4);
}

function startApp() {
  var terminal = document.getElementById("terminal");
  terminal.dataset.fontSize = String(fontSize);
  var script = document.createElement("script");
  script.src = "/static/js/textual.js";
  script.onload = function () {
    // textual.js starts on window.onload; if the page had already loaded, start it now.
    if (document.readyState === "complete" && typeof window.onload === "function") {
      window.onload(new Event("load"));
    }
  };
  document.head.appendChild(script);
}

// Before the app starts, the window must hold 80 x 24; once it runs, only 80 columns: a phone's
// on-screen keyboard takes height (the app then says it needs more lines), never width.
function layout(cell) {
  var fits = fontSize ? fittingFont(cell, true) >= fontSize : fittingFont(cell) >= FONT_MIN;
  var terminal = document.getElementById("terminal");
  document.body.classList.toggle("-too-small", !fits);
  terminal.inert = !fits; // no keys reach an app nobody can see
  if (!fits) {
    return;
  }
  if (!fontSize) {
    fontSize = fittingFont(cell);
    startApp();
  } else {
    focusTerminal();
  }
}

document.addEventListener("DOMContentLoaded", function () {
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  var path = window.location.pathname.replace(/\/+$/, "");
  document.getElementById("terminal").dataset.sessionWebsocketUrl =
    scheme + "//" + window.location.host + path + "/ws";
  document.getElementById("restart").addEventListener("click", function () {
    window.location.reload();
  });
  var measure = function () {
    var cell = cellPerPixel();
    layout(cell);
    window.addEventListener("resize", function () {
      layout(cell);
    });
  };
  document.fonts.load("16px 'Roboto Mono'").then(measure, measure);
});
