// Writing in the open chat: multi-line text (Enter sends, Shift+Enter is a new line), a reply to
// any message, a file or a photo with a caption, and the bot's reply keyboard.

import { readAsBase64, sim } from "./api.js";
import { displayName, formatBytes, messagePreview } from "./messages.js";

const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const PHOTO_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/bmp", "image/gif"]);
const $ = (id) => document.getElementById(id);

export class Composer {
  constructor({ toast, identityBody, onSent }) {
    this.toast = toast;
    this.identityBody = identityBody;
    this.onSent = onSent;
    this.chatId = null;
    this.chat = null;
    this.me = null;
    this.reply = null;
    this.file = null;
    this.busy = false;
    this.text = $("text");
    this.placeholder = this.text.placeholder;
    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      } else if (event.key === "Escape") {
        this.clearReply();
      }
    });
    this.text.addEventListener("input", () => this.grow());
    $("reply-cancel").addEventListener("click", () => this.clearReply());
    $("file-input").addEventListener("change", (event) => this.attach(event.target.files[0]));
    $("attachment-cancel").addEventListener("click", () => this.detach());
  }

  setMe(me) {
    this.me = me;
  }

  setChat(chatId, chat) {
    if (chatId !== this.chatId) {
      this.clearReply();
      this.detach();
    }
    this.chatId = chatId;
    this.chat = chat;
    this.text.focus();
  }

  grow() {
    this.text.style.height = "auto";
    this.text.style.height = `${Math.min(this.text.scrollHeight, 200)}px`;
  }

  // --- replies ---------------------------------------------------------------------------

  replyTo(message, placeholder) {
    this.reply = message;
    $("reply-bar").hidden = false;
    $("reply-bar-title").textContent = `Reply to ${message.from_bot ? "the bot" : displayName(message.from)}`;
    $("reply-bar-quote").textContent = messagePreview(message);
    this.text.placeholder = placeholder || this.placeholder;
    this.text.focus();
  }

  clearReply() {
    this.reply = null;
    $("reply-bar").hidden = true;
    this.text.placeholder = this.placeholder;
  }

  // --- files -----------------------------------------------------------------------------

  attach(file) {
    $("file-input").value = "";
    if (!file) return;
    if (file.size === 0) {
      this.toast(`${file.name} is empty: Telegram sends no empty files.`, "error");
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      this.toast(`${file.name} is ${formatBytes(file.size)}; the simulation takes up to 50 MB.`, "error");
      return;
    }
    this.file = file;
    const photo = PHOTO_TYPES.has(file.type);
    $("attachment-bar").hidden = false;
    $("attachment-icon").textContent = photo ? "PHOTO" : "FILE";
    $("attachment-name").textContent = file.name;
    $("attachment-size").textContent = formatBytes(file.size);
    $("attachment-as-photo-label").hidden = !photo;
    $("attachment-as-photo").checked = photo;
    this.text.placeholder = "Add a caption";
    this.text.focus();
  }

  detach() {
    this.file = null;
    $("attachment-bar").hidden = true;
    if (!this.reply) this.text.placeholder = this.placeholder;
  }

  // --- reply keyboard ----------------------------------------------------------------------

  showReplyKeyboard(markup) {
    const box = $("reply-keyboard");
    box.replaceChildren();
    box.hidden = !markup;
    if (!markup) return;
    for (const row of markup.keyboard) {
      const line = document.createElement("div");
      line.className = "keyboard-row";
      for (const button of row) {
        const label = typeof button === "string" ? button : button.text;
        const element = document.createElement("button");
        element.type = "button";
        element.className = "kb-button";
        element.textContent = label;
        element.addEventListener("click", () => {
          this.sendText(label);
          if (markup.one_time_keyboard) box.hidden = true;
        });
        line.append(element);
      }
      box.append(line);
    }
  }

  // --- sending -----------------------------------------------------------------------------

  base() {
    const body = { chat_id: this.chatId, ...this.identityBody() };
    if (this.chat?.type && this.chatId < 0) body.chat_type = this.chat.type;
    if (this.reply) body.reply_to_message_id = this.reply.message_id;
    return body;
  }

  async sendText(text) {
    if (this.chatId === null) return false;
    if (!text.trim()) {
      this.toast("Type a message first.", "error");
      return false;
    }
    try {
      await sim.send({ ...this.base(), text });
    } catch (error) {
      this.toast(error.message, "error");
      return false;
    }
    this.clearReply();
    this.onSent?.();
    return true;
  }

  async send() {
    if (this.busy || this.chatId === null) return;
    const text = this.text.value;
    this.busy = true;
    $("send").disabled = true;
    try {
      const sent = this.file ? await this.sendFile(text) : await this.sendText(text);
      if (sent) {
        this.text.value = "";
        this.grow();
      }
    } finally {
      this.busy = false;
      $("send").disabled = false;
      this.text.focus();
    }
  }

  async sendFile(caption) {
    const file = this.file;
    const asPhoto = PHOTO_TYPES.has(file.type) && $("attachment-as-photo").checked;
    try {
      const body = { ...this.base(), content_base64: await readAsBase64(file) };
      if (caption.trim()) body.caption = caption.trim();
      if (asPhoto) {
        await sim.photo(body);
      } else {
        await sim.document({ ...body, file_name: file.name, mime_type: file.type || undefined });
      }
    } catch (error) {
      this.toast(error.message, "error");
      return false;
    }
    this.detach();
    this.clearReply();
    this.onSent?.();
    return true;
  }
}
