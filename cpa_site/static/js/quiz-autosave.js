// Saves a quiz's answers as the resident ticks them, so closing the tab loses nothing.
// Without JavaScript the "Save and finish later" button does the same. Nothing is graded here.
(() => {
  const form = document.querySelector("form[data-autosave]");
  const status = document.getElementById("quiz-save-status");
  if (!form || !status || !window.fetch) {
    return;
  }
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
        status.textContent = response.ok
          ? "Your answers so far are saved."
          : "Your answers could not be saved just now. They are still on this page.";
      })
      .catch(() => {
        status.textContent = "Your answers could not be saved just now. They are still on this page.";
      });
  };
  form.addEventListener("change", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  });
})();
