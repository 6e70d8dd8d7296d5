// bb-tui browser seat: the app's websocket is this page's own address plus /ws, on this origin.
// (textual-serve's textual.js reads data-session-websocket-url on window.onload, after this runs.)
// When the socket closes, textual.js shows the closed dialog; the server's close reason (a
// code 4000-4999 with one plain sentence: taken over in another tab, link ended, server
// stopped...) replaces its default "Session ended: everything you did was saved."
(function () {
  var Native = window.WebSocket;
  function SeatSocket(url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
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

document.addEventListener("DOMContentLoaded", function () {
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  var path = window.location.pathname.replace(/\/+$/, "");
  document.getElementById("terminal").dataset.sessionWebsocketUrl =
    scheme + "//" + window.location.host + path + "/ws";
  document.getElementById("restart").addEventListener("click", function () {
    window.location.reload();
  });
});
