// bb-tui browser seat: the app's websocket is this page's own address plus /ws, on this origin.
// (textual-serve's textual.js reads data-session-websocket-url on window.onload, after this runs.)
document.addEventListener("DOMContentLoaded", function () {
  var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  var path = window.location.pathname.replace(/\/+$/, "");
  document.getElementById("terminal").dataset.sessionWebsocketUrl =
    scheme + "//" + window.location.host + path + "/ws";
  document.getElementById("restart").addEventListener("click", function () {
    window.location.reload();
  });
});
