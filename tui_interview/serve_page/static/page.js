// tui-interview's served page. Runs before textual-serve's script starts the
// terminal (on "load"), so:
// - the websocket's address is worked out from the page's own address, which
//   the browser reached (whatever name, port or proxy), never a host name the
//   server guessed;
// - the terminal takes the keyboard as soon as it exists, so keys typed
//   before any click reach the app;
// - Start / Restart work without inline handlers (the page's
//   Content-Security-Policy allows no inline script).
(function () {
  "use strict";

  function websocketUrl() {
    const url = new URL("ws", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = "";
    url.hash = "";
    return url.href;
  }

  function startUrl() {
    const url = new URL(window.location.href);
    url.searchParams.delete("delay");
    return url.pathname + "?" + url.searchParams.toString();
  }

  function focusTerminal() {
    const input = document.querySelector(".textual-terminal .xterm-helper-textarea");
    if (input && document.activeElement !== input) {
      window.focus();
      input.focus({ preventScroll: true });
    }
    return input !== null && document.activeElement === input;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".textual-terminal").forEach(function (element) {
      element.dataset.sessionWebsocketUrl = websocketUrl();
    });
    document.querySelectorAll("button.restart").forEach(function (button) {
      button.addEventListener("click", function () {
        window.location.href = startUrl();
      });
    });
  });

  window.addEventListener("load", function () {
    // textual-serve's own "load" handler has opened the terminal by now,
    // or will in a moment: focus it, and again once the app has drawn.
    let tries = 0;
    const timer = window.setInterval(function () {
      tries += 1;
      const focused = focusTerminal();
      const drawn = document.body.classList.contains("-first-byte");
      if ((focused && drawn) || tries > 200) {
        window.clearInterval(timer);
      }
    }, 50);
  });
})();
