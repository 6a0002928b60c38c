// The chat page: posts each turn to /api/ask/stream and renders the Server-Sent Events as they come.
// The conversation (the server's "conversation" of the last answer) is kept here and sent with the next turn.
"use strict";

const $ = (id) => document.getElementById(id);
const log = $("conversation");
const form = $("ask");
const messageBox = $("message");
const photoInput = $("photo");
const sendButton = $("send");
const formError = $("form-error");
const maxPhotoBytes = 10 * 1024 * 1024;

let conversation = null;   // the last answer's conversation, sent back with the next turn
let photo = null;          // the File attached to the next turn
let photoUrl = null;       // its object URL for the preview
let busy = false;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showFormError(text) {
  formError.textContent = text;
  formError.hidden = !text;
}

function setPhoto(file) {
  showFormError("");
  if (file && !file.type.startsWith("image/")) {
    showFormError(`"${file.name}" is not an image.`);
    return;
  }
  if (file && file.size > maxPhotoBytes) {
    showFormError(`"${file.name}" is larger than 10 MB.`);
    return;
  }
  if (photoUrl) URL.revokeObjectURL(photoUrl);
  photo = file || null;
  photoUrl = photo ? URL.createObjectURL(photo) : null;
  $("photo-preview").hidden = !photo;
  $("photo-preview-img").src = photoUrl || "";
  $("photo-preview-img").alt = photo ? "Attached photo" : "";
  $("photo-preview-name").textContent = photo ? photo.name : "";
  if (!photo) photoInput.value = "";
}

function scrollToEnd() {
  window.scrollTo({ top: document.body.scrollHeight });
}

function addUserTurn(text, imageSrc, imageAlt) {
  const turn = el("div", "turn user");
  if (imageSrc) {
    const img = el("img");
    img.src = imageSrc;
    img.alt = imageAlt;
    turn.append(img);
  }
  if (text) turn.append(el("p", "bubble", text));
  const intro = $("intro");
  if (intro) intro.remove();
  log.append(turn);
}

function addAssistantTurn() {
  const turn = el("section", "turn assistant");
  turn.setAttribute("aria-label", "Answer");
  const status = el("p", "status", "Looking…");
  status.setAttribute("role", "status");
  const cards = el("div", "cards");
  const advice = el("p", "advice");
  advice.setAttribute("aria-live", "polite");
  const chips = el("div", "chips");
  turn.append(status, cards, advice, chips);
  log.append(turn);
  scrollToEnd();
  return { turn, status, cards, advice, chips };
}

function renderCards(container, items) {
  container.replaceChildren();
  const template = $("card-template");
  for (const item of items) {
    const card = template.content.firstElementChild.cloneNode(true);
    const img = card.querySelector(".card-img");
    img.src = item.imageUrl;
    img.alt = item.name;
    card.querySelector(".card-name").textContent = item.name;
    card.querySelector(".card-category").textContent = item.category;
    card.querySelector(".card-score").textContent = `score ${item.score.toFixed(3)}`;
    const more = card.querySelector(".more");
    more.setAttribute("aria-label", `More like ${item.name}`);
    more.addEventListener("click", () => ask({ message: "more like this", itemId: item.id, itemName: item.name }));
    const goes = card.querySelector(".goes");
    goes.setAttribute("aria-label", `What goes with ${item.name}`);
    goes.addEventListener("click", () => ask({ message: "what goes with this?", itemId: item.id, itemName: item.name }));
    container.append(card);
  }
}

function renderSuggestions(container, suggestions) {
  container.replaceChildren();
  for (const text of suggestions || []) {
    const chip = el("button", "chip", text);
    chip.type = "button";
    chip.addEventListener("click", () => ask({ message: text }));
    container.append(chip);
  }
  container.hidden = container.childElementCount === 0;
}

function describeClassification(c) {
  const what = c.categories && c.categories.length ? c.categories.join(", ") : "anything";
  let text = `Looking for ${what}`;
  if (c.attributes && Object.keys(c.attributes).length) text += ` (${Object.values(c.attributes).join(", ")})`;
  if (c.relation === "similar") text += ", like the photo";
  if (c.relation === "complement") text += ", to go with the photo";
  return text + "…";
}

// Reads "event:" / "data:" blocks from a fetch response body.
async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) yield { event, data: JSON.parse(data.join("\n")) };
    }
  }
}

async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `The request failed (${response.status}).`;
  } catch {
    return `The request failed (${response.status}).`;
  }
}

async function ask({ message, file, itemId, itemName }) {
  if (busy) return false;
  message = (message || "").trim();
  if (!message && !file && !itemId) {
    showFormError("Write a message or attach a photo.");
    messageBox.focus();
    return false;
  }
  showFormError("");
  busy = true;
  sendButton.disabled = true;

  const body = new FormData();
  body.append("message", message);
  if (file) body.append("photo", file, file.name);
  if (itemId) body.append("photoItemId", itemId);
  if (conversation) body.append("conversation", JSON.stringify(conversation));

  const imageSrc = file ? URL.createObjectURL(file) : itemId ? `/api/items/${encodeURIComponent(itemId)}/image` : null;
  addUserTurn(message, imageSrc, file ? "Your photo" : itemName ? `Photo of ${itemName}` : "");
  const view = addAssistantTurn();
  let ok = false;
  try {
    const response = await fetch("/api/ask/stream", { method: "POST", body, headers: { Accept: "text/event-stream, application/problem+json" } });
    if (!response.ok) {
      throw new Error(await problemText(response));
    }
    let streamed = "";
    for await (const { event, data } of readEvents(response)) {
      if (event === "classification") {
        view.status.textContent = describeClassification(data);
      } else if (event === "items") {
        renderCards(view.cards, data.items);
        view.status.textContent = data.items.length ? `${data.items.length} found` : "Nothing found";
        scrollToEnd();
      } else if (event === "advice") {
        streamed += data.text;
        view.advice.textContent = streamed;
      } else if (event === "done") {
        renderCards(view.cards, data.items);
        view.advice.textContent = data.advice;
        view.status.textContent = data.items.length ? `${data.items.length} found` : "Nothing found";
        if (data.unmatched && data.unmatched.length) {
          view.turn.insertBefore(el("p", "notice", `Not in this shop: ${data.unmatched.join(", ")}.`), view.advice);
        }
        renderSuggestions(view.chips, data.suggestions);
        conversation = data.conversation || null;
        ok = true;
      } else if (event === "error") {
        throw new Error(data.detail || data.title || "The request failed.");
      }
    }
    if (!ok) throw new Error("The answer was cut off; please try again.");
  } catch (error) {
    view.status.remove();
    view.turn.append(el("p", "error", error.message || String(error)));
    view.turn.querySelector(".error").setAttribute("role", "alert");
  } finally {
    busy = false;
    sendButton.disabled = false;
    view.turn.dataset.done = ok ? "ok" : "error";
    scrollToEnd();
  }
  return ok;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const message = messageBox.value;
  const file = photo;
  // Cleared only once the answer came, so that a refused request loses nothing.
  if (await ask({ message, file })) {
    messageBox.value = "";
    setPhoto(null);
  }
  messageBox.focus();
});

messageBox.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

photoInput.addEventListener("change", () => setPhoto(photoInput.files[0] || null));
$("photo-remove").addEventListener("click", () => { setPhoto(null); messageBox.focus(); });

form.addEventListener("dragover", (event) => { event.preventDefault(); form.classList.add("dragging"); });
form.addEventListener("dragleave", () => form.classList.remove("dragging"));
form.addEventListener("drop", (event) => {
  event.preventDefault();
  form.classList.remove("dragging");
  const file = event.dataTransfer.files[0];
  if (file) setPhoto(file);
});
document.addEventListener("paste", (event) => {
  const file = [...(event.clipboardData?.files || [])].find((f) => f.type.startsWith("image/"));
  if (file) {
    event.preventDefault();
    setPhoto(file);
  }
});

$("new-conversation").addEventListener("click", () => {
  conversation = null;
  log.replaceChildren(el("p", "hint", "New conversation. Ask for clothes, or attach a photo."));
  messageBox.focus();
});
