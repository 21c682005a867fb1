// Any button marked data-print prints the page (no inline handlers: Content Security Policy).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
