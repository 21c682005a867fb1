// Saves a quiz's answers as the resident ticks them, so closing the tab loses nothing.
// Without JavaScript the "Save and finish later" button does the same. Nothing is graded here.
(() => {
  const form = document.querySelector("form[data-autosave]");
  const status = document.getElementById("quiz-save-status");
  if (!form || !status || !window.fetch) {
    return;
  }
  // The words come from the page (data-saved, data-failed), already in the resident's language.
  const saved = status.dataset.saved || "";
  const failed = status.dataset.failed || "";
  let timer = null;
  const save = () => {
    const data = new FormData(form);
    data.set("save", "1");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then((response) => {
        status.textContent = response.ok ? saved : failed;
      })
      .catch(() => {
        status.textContent = failed;
      });
  };
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
})();
