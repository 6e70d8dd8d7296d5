// bb-tui plain seat: `bb-tui --plain` (a line out, a line in, no escape bytes) in a page a
// screen reader reads. Each line the app writes becomes a paragraph of a role="log" region, so
// it reaches the accessibility tree and is announced as it arrives; each answer is typed into
// one labelled text field and sent with Enter. No terminal emulator: nothing is redrawn.
(function () {
  var MAX_LINES = 5000; // the oldest go first: a long session stays quick to read and scroll
  var log, input, form, status, closed;
  var socket = null, queue = [], partial = "";
  var decoder = new TextDecoder("utf-8");

  function add(text, typed) {
    var line = document.createElement("p");
    if (typed) {
      line.className = "typed";
      var said = document.createElement("span");
      said.className = "visually-hidden";
      said.textContent = "You typed: ";
      line.appendChild(said);
      line.appendChild(document.createTextNode(text));
    } else {
      line.textContent = text;
    }
    log.appendChild(line);
    while (log.childNodes.length > MAX_LINES) {
      log.removeChild(log.firstChild);
    }
    log.scrollTop = log.scrollHeight;
  }

  function received(bytes) {
    partial += decoder.decode(bytes, { stream: true });
    var lines = partial.split("\n");
    partial = lines.pop();
    lines.forEach(function (line) {
      add(line.replace(/\r$/, ""), false);
    });
    status.textContent = "";
  }

  function send(line) {
    var message = JSON.stringify(["stdin", line + "\n"]);
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(message);
    } else {
      queue.push(message); // typed before the app was reached: sent once it is
    }
  }

  function ended(event) {
    if (partial) {
      add(partial, false);
      partial = "";
    }
    var why = event.code >= 4000 && event.code < 5000 && event.reason
      ? event.reason
      : "Session ended: everything you did was saved.";
    status.textContent = why;
    form.hidden = true;
    if (event.code !== 4003) { // a link that has ended cannot be opened again
      closed.hidden = false;
      document.getElementById("restart").focus();
    }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    var path = window.location.pathname.replace(/\/+$/, "");
    socket = new WebSocket(scheme + "//" + window.location.host + path + "/ws");
    socket.binaryType = "arraybuffer";
    socket.addEventListener("open", function () {
      queue.splice(0).forEach(function (message) {
        socket.send(message);
      });
    });
    socket.addEventListener("message", function (event) {
      if (typeof event.data !== "string") {
        received(new Uint8Array(event.data));
      }
    });
    socket.addEventListener("close", ended);
  }

  document.addEventListener("DOMContentLoaded", function () {
    log = document.getElementById("log");
    input = document.getElementById("answer");
    form = document.getElementById("answer-form");
    status = document.getElementById("status");
    closed = document.getElementById("closed");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var line = input.value;
      input.value = "";
      add(line, true);
      send(line);
      input.focus();
    });
    document.getElementById("restart").addEventListener("click", function () {
      window.location.reload();
    });
    input.focus();
    connect();
  });
})();
