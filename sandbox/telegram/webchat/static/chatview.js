// The open chat: its messages as they stand now (re-read on every change, updated in place), the
// buttons pressed in it and their answers, force-reply prompts and reply keyboards.

import { sim } from "./api.js";
import { mentionedUserIds } from "./format.js";
import { colourFor, displayName, initials, messagePreview, renderMessage } from "./messages.js";

const PRESS_TIMEOUT_MS = 15000;
const $ = (id) => document.getElementById(id);

export class ChatView {
  constructor({ toast, alertBox, onReply }) {
    this.toast = toast;
    this.alertBox = alertBox;
    this.onReply = onReply;
    this.onCommand = null;
    this.onForceReply = null;
    this.onReplyKeyboard = null;
    this.chatId = null;
    this.me = null;
    this.bot = null;
    this.users = new Map();
    this.chats = new Map();
    this.messages = [];
    this.byId = new Map();
    this.rendered = new Map(); // message id → { key, element }
    this.pending = new Map(); // callback query id → { button, timer }
    this.forceReplyHandled = new Set();
    this.refreshTimer = null;
    this.loading = null;
    this.container = $("messages");
    this.container.addEventListener("click", (event) => this.click(event));
    // at the bottom, stay there when messages come or the composer grows (a reply bar opens)
    this.stickToBottom = true;
    this.container.addEventListener("scroll", () => {
      const container = this.container;
      this.stickToBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 60;
    });
    const keepBottom = () => {
      if (this.stickToBottom) this.container.scrollTop = this.container.scrollHeight;
    };
    new ResizeObserver(keepBottom).observe(this.container);
    this.container.addEventListener("load", keepBottom, true); // a photo came in: taller
    $("start-button").addEventListener("click", () => this.onCommand?.("/start"));
  }

  setDirectory(bot, users, chats) {
    this.bot = bot;
    this.users = users;
    this.chats = chats;
    this.renderHeader();
  }

  setMe(me) {
    const changed = this.me?.id !== me.id;
    this.me = me;
    if (changed && this.chatId !== null) {
      this.rendered.clear();
      this.container.replaceChildren();
      this.render();
    }
  }

  get chat() {
    return this.chats.get(this.chatId);
  }

  get isGroup() {
    return this.chatId !== null && this.chatId < 0;
  }

  async open(chatId) {
    if (chatId !== this.chatId) {
      this.chatId = chatId;
      this.messages = [];
      this.byId = new Map();
      this.rendered.clear();
      this.container.replaceChildren();
    }
    this.renderHeader();
    await this.refresh({ scroll: true });
  }

  scheduleRefresh() {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.refresh();
    }, 60);
  }

  async refresh({ scroll = false } = {}) {
    const chatId = this.chatId;
    if (chatId === null) return;
    let answer = null;
    try {
      // a private chat nobody has written in yet does not exist: nothing to read
      const known = this.chats.has(chatId) || (await sim.chats()).chats.some((c) => c.id === chatId);
      if (known) answer = await sim.chat(chatId);
    } catch (error) {
      this.toast(error.message, "error");
    }
    if (chatId !== this.chatId) return; // another chat was opened meanwhile
    this.messages = answer?.messages || [];
    this.byId = new Map(this.messages.map((message) => [message.message_id, message]));
    this.render({ scroll });
  }

  renderHeader() {
    const avatar = $("chat-avatar");
    if (this.chatId === null) return;
    const chat = this.chat;
    avatar.style.background = colourFor(this.chatId);
    if (this.chatId > 0) {
      const botName = this.bot ? displayName(this.bot) : "the bot";
      avatar.textContent = initials(botName);
      $("chat-title").textContent = botName;
      const user = this.users.get(this.chatId) || this.me;
      const handle = this.bot?.username ? `@${this.bot.username} · ` : "";
      $("chat-subtitle").textContent = `${handle}bot · private chat of ${displayName(user)} (${this.chatId})`;
    } else {
      avatar.textContent = initials(chat?.title || "Group");
      $("chat-title").textContent = chat?.title || `Group ${this.chatId}`;
      const members = Object.entries(chat?.members || {}).filter(([, status]) => !["left", "kicked"].includes(status));
      const role = chat?.members?.[String(this.me?.id)] || "not a member yet";
      const counted = members.length === 1 ? "1 member" : `${members.length} members`;
      $("chat-subtitle").textContent = `${chat?.type || "group"} ${this.chatId} · ${counted} · you: ${role}`;
    }
  }

  render({ scroll = false } = {}) {
    const container = this.container;
    const nearBottom = this.stickToBottom;
    const context = { me: this.me?.id, group: this.isGroup, byId: this.byId };
    const seen = new Set();
    let previous = null;
    for (const message of this.messages) {
      const quoted = message.reply_to_message_id ? this.byId.get(message.reply_to_message_id) : null;
      const key = `${JSON.stringify(message)}|${context.me}|${quoted ? messagePreview(quoted) : ""}`;
      let entry = this.rendered.get(message.message_id);
      if (!entry || entry.key !== key) {
        const element = renderMessage(message, context);
        if (entry) entry.element.replaceWith(element);
        entry = { key, element };
        this.rendered.set(message.message_id, entry);
      }
      const expectedPlace = previous ? previous.nextSibling : container.firstChild;
      if (expectedPlace !== entry.element) {
        container.insertBefore(entry.element, expectedPlace);
      }
      previous = entry.element;
      seen.add(message.message_id);
    }
    for (const [id, entry] of this.rendered) {
      if (!seen.has(id)) {
        entry.element.remove();
        this.rendered.delete(id);
      }
    }
    $("start").hidden = !(this.chatId > 0 && this.messages.length === 0);
    this.renderHeader();
    if (scroll || nearBottom) {
      container.scrollTop = container.scrollHeight;
      this.stickToBottom = true;
    }
    this.applyKeyboards();
  }

  /** ForceReply aimed at you opens the reply; the newest reply keyboard shows under the chat. */
  applyKeyboards() {
    let keyboard = null;
    for (let index = this.messages.length - 1; index >= 0; index -= 1) {
      const message = this.messages[index];
      if (!message.from_bot) {
        if (message.from?.id === this.me?.id) break; // you answered after it
        continue;
      }
      const markup = message.reply_markup || {};
      if (markup.keyboard || markup.remove_keyboard) {
        keyboard = keyboard ?? markup;
      }
      if (markup.force_reply && !this.forceReplyHandled.has(`${this.chatId}:${message.message_id}`) && this.aimsAtMe(message, markup)) {
        this.forceReplyHandled.add(`${this.chatId}:${message.message_id}`);
        this.onForceReply?.(message, markup.input_field_placeholder);
      }
    }
    this.onReplyKeyboard?.(keyboard?.keyboard ? keyboard : null);
  }

  aimsAtMe(message, markup) {
    if (!markup.selective) return true;
    if (mentionedUserIds(message.entities).includes(this.me?.id)) return true;
    const repliedTo = this.byId.get(message.reply_to_message_id);
    return Boolean(repliedTo && !repliedTo.from_bot && repliedTo.from?.id === this.me?.id);
  }

  // --- clicks ----------------------------------------------------------------------------

  click(event) {
    const target = event.target;
    const messageElement = target.closest(".message");
    const message = messageElement ? this.byId.get(Number(messageElement.dataset.messageId)) : null;
    const button = target.closest(".kb-button");
    if (button && message) {
      if (button.dataset.callbackData !== undefined) {
        event.preventDefault();
        this.press(message, button);
      } else if (button.dataset.copyText !== undefined) {
        navigator.clipboard?.writeText(button.dataset.copyText);
        this.toast("Copied to the clipboard");
      } else if (button.dataset.unsupported) {
        this.toast(`“${button.dataset.unsupported}” buttons are not simulated`, "error");
      }
      return;
    }
    if (target.closest(".reply-action") && message) {
      this.onReply?.(message);
      return;
    }
    const command = target.closest(".command");
    if (command) {
      event.preventDefault();
      const name = command.dataset.command;
      const suffix = this.isGroup && this.bot?.username && !name.includes("@") ? `@${this.bot.username}` : "";
      this.onCommand?.(name + suffix);
      return;
    }
    const spoiler = target.closest(".spoiler");
    if (spoiler) {
      spoiler.classList.add("revealed");
      return;
    }
    const quote = target.closest(".reply-quote");
    if (quote) {
      const original = this.rendered.get(Number(quote.dataset.replyTo));
      if (original) {
        original.element.scrollIntoView({ block: "center", behavior: "smooth" });
        original.element.classList.add("highlight");
        setTimeout(() => original.element.classList.remove("highlight"), 1200);
      }
    }
  }

  async press(message, button) {
    if (button.classList.contains("pending")) return;
    button.classList.add("pending");
    const body = {
      chat_id: this.chatId,
      message_id: message.message_id,
      data: button.dataset.callbackData,
      user_id: this.me.id,
      first_name: this.me.first_name,
    };
    if (this.me.language_code) body.language_code = this.me.language_code;
    try {
      const answer = await sim.press(body);
      const timer = setTimeout(() => this.settle(answer.callback_query_id), PRESS_TIMEOUT_MS);
      this.pending.set(answer.callback_query_id, { button, timer });
    } catch (error) {
      button.classList.remove("pending");
      this.toast(error.message, "error");
    }
  }

  settle(queryId) {
    const pending = this.pending.get(queryId);
    if (!pending) return null;
    clearTimeout(pending.timer);
    pending.button.classList.remove("pending");
    this.pending.delete(queryId);
    return pending;
  }

  /** answerCallbackQuery: its text as a toast, or as an alert with show_alert. */
  answered(event) {
    const mine = this.settle(event.callback_query_id) !== null || event.user_id === this.me?.id;
    if (!mine || !event.text) return;
    if (event.show_alert) this.alertBox(event.text);
    else this.toast(event.text);
  }
}
