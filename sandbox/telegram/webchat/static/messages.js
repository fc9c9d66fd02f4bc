// One message of /sim/chat as a DOM element: author, reply quote, photo, document, formatted text
// or caption, time and "edited", the reply action, and its inline keyboard.

import { escapeHtml, renderText, snippet } from "./format.js";
import { sim } from "./api.js";

const NAME_COLOURS = ["#e17076", "#7bc862", "#e5ca77", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const PHOTO_DISPLAY_WIDTH = 800;

export function colourFor(id) {
  return NAME_COLOURS[Math.abs(Number(id) || 0) % NAME_COLOURS.length];
}

export function displayName(user) {
  if (!user) return "Unknown";
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username || `User ${user.id}`;
}

export function initials(name) {
  const letters = String(name || "?").trim().split(/\s+/).map((word) => Array.from(word)[0] || "");
  return (letters[0] || "?") + (letters[1] || "");
}

export function formatBytes(size) {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function time(unixSeconds) {
  return new Date(unixSeconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** What a message says, in one line (for reply quotes and the chat list). */
export function messagePreview(message) {
  if (!message) return "deleted message";
  const text = message.text ?? message.caption ?? "";
  if (message.photo) return `🖼 ${snippet(text) || "Photo"}`;
  if (message.document) return `📄 ${snippet(text) || message.document.file_name || "File"}`;
  if (message.migrate_to_chat_id) return "Group upgraded to a supergroup";
  if (message.migrate_from_chat_id) return "Supergroup created from a group";
  return snippet(text);
}

function photoElement(sizes) {
  const fitting = sizes.filter((size) => size.width <= PHOTO_DISPLAY_WIDTH);
  const shown = fitting.length ? fitting[fitting.length - 1] : sizes[0];
  const largest = sizes[sizes.length - 1];
  const link = document.createElement("a");
  link.className = "photo";
  link.href = sim.fileUrl(largest.file_id);
  link.target = "_blank";
  link.rel = "noopener";
  const image = document.createElement("img");
  image.src = sim.fileUrl(shown.file_id);
  image.alt = "Photo";
  image.width = shown.width;
  image.height = shown.height;
  image.loading = "lazy";
  image.addEventListener("error", () => link.classList.add("broken"));
  link.append(image);
  return link;
}

function documentElement(file) {
  const box = document.createElement("div");
  box.className = "document";
  const name = file.file_name || "file";
  box.innerHTML = `
    <span class="document-icon"><svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path fill="currentColor" d="M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5L13 3.5z"/></svg></span>
    <span class="document-text">
      <a class="document-name" download="${escapeHtml(name)}"
         href="${escapeHtml(sim.fileUrl(file.file_id, true))}">${escapeHtml(name)}</a>
      <span class="document-size">${formatBytes(file.file_size || 0)}${
        file.mime_type ? ` · ${escapeHtml(file.mime_type)}` : ""}</span>
    </span>`;
  return box;
}

function keyboardElement(markup) {
  const keyboard = document.createElement("div");
  keyboard.className = "keyboard";
  for (const row of markup.inline_keyboard || []) {
    const line = document.createElement("div");
    line.className = "keyboard-row";
    for (const button of row) {
      let element;
      if (button.url) {
        element = document.createElement("a");
        element.href = button.url;
        element.target = "_blank";
        element.rel = "noopener noreferrer";
        element.classList.add("url");
        element.title = button.url;
      } else {
        element = document.createElement("button");
        element.type = "button";
        if (button.callback_data !== undefined) {
          element.dataset.callbackData = button.callback_data;
        } else if (button.copy_text) {
          element.dataset.copyText = button.copy_text.text;
        } else {
          element.dataset.unsupported = Object.keys(button).find((key) => key !== "text") || "button";
        }
      }
      element.classList.add("kb-button");
      element.textContent = button.text;
      line.append(element);
    }
    keyboard.append(line);
  }
  return keyboard;
}

/**
 * The element for `message`. `context`: { me (user id), group (bool), byId (Map of the chat's
 * messages by id) }.
 */
export function renderMessage(message, context) {
  const element = document.createElement("div");
  element.className = "message";
  element.dataset.messageId = message.message_id;
  const service = !message.text && !message.caption && !message.photo && !message.document;
  if (service) {
    element.classList.add("service");
    element.innerHTML = `<span>${escapeHtml(messagePreview(message))}</span>`;
    return element;
  }
  const mine = !message.from_bot && message.from?.id === context.me;
  element.classList.add(mine ? "out" : "in");
  if (message.from_bot) element.classList.add("from-bot");
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (context.group && !mine) {
    const author = document.createElement("div");
    author.className = "author";
    author.style.color = colourFor(message.from?.id);
    author.textContent = displayName(message.from);
    bubble.append(author);
  }
  if (message.reply_to_message_id) {
    const quoted = context.byId.get(message.reply_to_message_id);
    const quote = document.createElement("div");
    quote.className = "reply-quote";
    quote.dataset.replyTo = message.reply_to_message_id;
    quote.style.borderColor = colourFor(quoted?.from?.id);
    quote.innerHTML = `<span class="reply-quote-name">${escapeHtml(quoted ? displayName(quoted.from) : "")}</span>
      <span class="reply-quote-text">${escapeHtml(messagePreview(quoted))}</span>`;
    bubble.append(quote);
  }
  if (message.photo?.length) {
    bubble.append(photoElement(message.photo));
    bubble.classList.add("has-photo");
  }
  if (message.document) bubble.append(documentElement(message.document));
  const text = message.text ?? message.caption;
  if (text) {
    const body = document.createElement("div");
    body.className = "text";
    body.innerHTML = renderText(text, message.entities);
    bubble.append(body);
  }
  const meta = document.createElement("div");
  meta.className = "meta";
  meta.innerHTML = `${message.edited ? '<span class="edited">edited</span>' : ""}<time>${time(message.date)}</time>`;
  bubble.append(meta);
  const reply = document.createElement("button");
  reply.type = "button";
  reply.className = "reply-action";
  reply.title = "Reply";
  reply.setAttribute("aria-label", "Reply");
  reply.textContent = "↩";
  bubble.append(reply);
  element.append(bubble);
  if (message.reply_markup?.inline_keyboard) {
    element.append(keyboardElement(message.reply_markup));
  }
  return element;
}
