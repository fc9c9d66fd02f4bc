// The web chat: chats on the left, the open chat on the right, everything kept live by following
// /sim/events. You act as the user shown at the top left (switch with ⇄).

import { sim } from "./api.js";
import { colourFor, displayName, initials } from "./messages.js";
import { Composer } from "./composer.js";
import { ChatView } from "./chatview.js";

const EVENTS_WAIT_SECONDS = 25;
const IDENTITY_KEY = "orderbot-webchat-identity";
const OPEN_CHAT_KEY = "orderbot-webchat-chat";
const DEFAULT_IDENTITY = { id: 1001, first_name: "Demo buyer", language_code: "en" };

const $ = (id) => document.getElementById(id);

const world = {
  bot: null,
  users: new Map(),
  chats: new Map(),
  order: [],
  unread: new Map(),
  me: loadIdentity(),
  openChatId: null,
  cursor: 0,
};

function loadIdentity() {
  try {
    const saved = JSON.parse(localStorage.getItem(IDENTITY_KEY) || "null");
    if (saved && Number.isInteger(saved.id) && saved.id > 0) return saved;
  } catch {
    // a damaged entry: start over
  }
  return null;
}

// --- toasts and alerts -------------------------------------------------------------------------

export function toast(text, kind = "info") {
  const element = document.createElement("div");
  element.className = `toast ${kind}`;
  element.textContent = text;
  $("toasts").append(element);
  setTimeout(() => element.classList.add("leaving"), 3200);
  setTimeout(() => element.remove(), 3600);
}

export function alertBox(text) {
  $("alert-text").textContent = text;
  $("alert").hidden = false;
  $("alert-ok").focus();
}

$("alert-ok").addEventListener("click", () => {
  $("alert").hidden = true;
});

// --- who you are -------------------------------------------------------------------------------

function identityBody() {
  const body = { user_id: world.me.id, first_name: world.me.first_name };
  if (world.me.language_code) body.language_code = world.me.language_code;
  return body;
}

function setMe(identity, { announce = false } = {}) {
  const known = world.users.get(identity.id);
  world.me = {
    id: identity.id,
    first_name: identity.first_name || known?.first_name || `User${identity.id}`,
    language_code: identity.language_code ?? known?.language_code ?? "en",
  };
  localStorage.setItem(IDENTITY_KEY, JSON.stringify(world.me));
  $("me-avatar").textContent = initials(world.me.first_name);
  $("me-avatar").style.background = colourFor(world.me.id);
  $("me-name").textContent = world.me.first_name;
  $("me-meta").textContent = `id ${world.me.id} · ${world.me.language_code || "no language"}`;
  if (announce) toast(`You are now ${world.me.first_name} (${world.me.id})`);
  renderChatList();
  chatView.setMe(world.me);
  composer.setMe(world.me);
}

function openIdentityForm() {
  const form = $("identity");
  form.hidden = false;
  $("identity-id").value = world.me.id;
  $("identity-name").value = world.me.first_name;
  $("identity-language").value = world.me.language_code || "";
  const list = $("identity-users");
  list.replaceChildren();
  for (const user of world.users.values()) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "identity-user";
    button.dataset.userId = user.id;
    button.classList.toggle("current", user.id === world.me.id);
    button.innerHTML = `<span class="avatar small"></span><span></span>`;
    button.firstChild.textContent = initials(displayName(user));
    button.firstChild.style.background = colourFor(user.id);
    button.lastChild.textContent = `${displayName(user)} · ${user.id}${user.language_code ? ` · ${user.language_code}` : ""}`;
    button.addEventListener("click", () => {
      form.hidden = true;
      becomeUser({ id: user.id, first_name: user.first_name, language_code: user.language_code });
    });
    list.append(button);
  }
  $("identity-id").focus();
}

function becomeUser(identity) {
  setMe(identity, { announce: identity.id !== world.me.id });
  // someone else's private chat is not yours to see: go to your own
  if (world.openChatId === null || (world.openChatId > 0 && world.openChatId !== world.me.id)) {
    openChat(world.me.id);
  }
}

$("me").addEventListener("click", (event) => {
  if (event.target.closest("#identity")) return;
  $("identity").hidden ? openIdentityForm() : ($("identity").hidden = true);
});
$("identity-cancel").addEventListener("click", () => {
  $("identity").hidden = true;
});
$("identity").addEventListener("submit", (event) => {
  event.preventDefault();
  const id = Number($("identity-id").value.trim());
  const firstName = $("identity-name").value.trim();
  if (!Number.isInteger(id) || id <= 0 || id === world.bot?.id) {
    toast("A user id is a positive whole number (and not the bot's).", "error");
    return;
  }
  if (!firstName) {
    toast("Give the user a first name.", "error");
    return;
  }
  $("identity").hidden = true;
  becomeUser({ id, first_name: firstName, language_code: $("identity-language").value });
});

// --- the chat list -----------------------------------------------------------------------------

function chatTitle(chat) {
  if (chat.type === "private") {
    const user = world.users.get(chat.id);
    return user ? displayName(user) : chat.first_name || `User ${chat.id}`;
  }
  return chat.title || `Group ${chat.id}`;
}

function listEntries() {
  const entries = [];
  for (const id of world.order) {
    const chat = world.chats.get(id);
    if (chat && !chat.migrated_to) entries.push(chat);
  }
  const privateIds = new Set(entries.filter((chat) => chat.type === "private").map((c) => c.id));
  for (const user of [world.me, ...world.users.values()]) {
    if (user && !privateIds.has(user.id)) {
      privateIds.add(user.id);
      entries.push({ id: user.id, type: "private", first_name: user.first_name, last_message: null });
    }
  }
  return entries;
}

function renderChatList() {
  if (!world.me) return; // not yet known who you are
  const nav = $("chat-list");
  nav.replaceChildren();
  for (const chat of listEntries()) {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "chat-item";
    item.dataset.chatId = chat.id;
    item.dataset.chatType = chat.type;
    item.classList.toggle("active", chat.id === world.openChatId);
    const title = chatTitle(chat);
    const unread = world.unread.get(chat.id) || 0;
    const last = chat.last_message;
    const preview = last
      ? `${last.from_bot ? "" : `${displayName(last.from)}: `}${last.text || (last.kind === "photo" ? "🖼 Photo" : "")}`
      : chat.type === "private" ? "no messages yet" : "";
    item.innerHTML = `
      <span class="avatar"></span>
      <span class="chat-item-text">
        <span class="chat-item-title"><span class="name"></span><span class="tag"></span></span>
        <span class="chat-item-preview"></span>
      </span>
      <span class="unread" ${unread ? "" : "hidden"}>${unread}</span>`;
    const avatar = item.querySelector(".avatar");
    avatar.textContent = initials(title);
    avatar.style.background = colourFor(chat.id);
    item.querySelector(".name").textContent = title;
    item.querySelector(".tag").textContent =
      chat.type === "private" ? (chat.id === world.me.id ? "you · private" : "private") : chat.type;
    item.querySelector(".chat-item-preview").textContent = preview;
    item.addEventListener("click", () => openChat(chat.id));
    nav.append(item);
  }
}

async function refreshWorld() {
  const answer = await sim.chats();
  world.bot = answer.bot;
  world.users = new Map(answer.users.map((user) => [user.id, user]));
  world.chats = new Map(answer.chats.map((chat) => [chat.id, chat]));
  world.order = answer.chats.map((chat) => chat.id);
  chatView.setDirectory(world.bot, world.users, world.chats);
  renderChatList();
  return answer;
}

// --- opening a chat ----------------------------------------------------------------------------

async function openChat(chatId) {
  if (chatId > 0 && chatId !== world.me.id) {
    // a private chat is seen by its user: become them
    const user = world.users.get(chatId);
    setMe({ id: chatId, first_name: user?.first_name, language_code: user?.language_code }, { announce: true });
  }
  world.openChatId = chatId;
  world.unread.delete(chatId);
  localStorage.setItem(OPEN_CHAT_KEY, String(chatId));
  renderChatList();
  composer.setChat(chatId, world.chats.get(chatId));
  await chatView.open(chatId);
}

// --- following what happens --------------------------------------------------------------------

let listRefresh = null;

function scheduleListRefresh() {
  if (listRefresh) return;
  listRefresh = setTimeout(async () => {
    listRefresh = null;
    try {
      await refreshWorld();
    } catch (error) {
      toast(error.message, "error");
    }
  }, 120);
}

function handleEvents(events) {
  let reset = false;
  for (const event of events) {
    if (event.kind === "reset") reset = true;
    if (event.kind === "answer") chatView.answered(event);
    if (event.chat_id === null || event.chat_id === undefined) continue;
    if (event.kind === "message" && event.chat_id !== world.openChatId && event.user_id !== world.me.id) {
      world.unread.set(event.chat_id, (world.unread.get(event.chat_id) || 0) + 1);
    }
    if (event.chat_id === world.openChatId) chatView.scheduleRefresh();
  }
  if (reset) {
    world.unread.clear();
    chatView.scheduleRefresh();
  }
  scheduleListRefresh();
}

async function follow() {
  const connection = $("connection");
  let wait = 0; // the first poll answers at once: the page knows it is connected
  for (;;) {
    try {
      const answer = await sim.events(world.cursor, wait);
      wait = EVENTS_WAIT_SECONDS;
      if (connection.dataset.state !== "live") {
        if (connection.dataset.state === "offline") {
          await refreshWorld();
          chatView.scheduleRefresh();
        }
        connection.dataset.state = "live";
        connection.textContent = "live";
      }
      if (answer.last < world.cursor) world.cursor = 0; // the stand-in restarted
      else world.cursor = answer.last;
      if (answer.events.length) handleEvents(answer.events);
    } catch {
      connection.dataset.state = "offline";
      connection.textContent = "stand-in unreachable · retrying";
      wait = 0;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  }
}

// --- new group ---------------------------------------------------------------------------------

function freeGroupId() {
  for (let n = 1; ; n += 1) {
    const id = -(100200 + n);
    if (!world.chats.has(id)) return id;
  }
}

$("new-group-open").addEventListener("click", () => {
  $("new-group").hidden = false;
  $("new-group-id").value = freeGroupId();
  $("new-group-title").focus();
});
$("new-group-cancel").addEventListener("click", () => {
  $("new-group").hidden = true;
});
$("new-group").addEventListener("submit", async (event) => {
  event.preventDefault();
  const title = $("new-group-title").value.trim();
  const id = Number($("new-group-id").value.trim());
  if (!Number.isInteger(id) || id >= 0) {
    toast("A group's chat id is a negative whole number, e.g. -100201.", "error");
    return;
  }
  if (world.chats.has(id)) {
    toast(`Chat ${id} exists already.`, "error");
    return;
  }
  try {
    await sim.setMember({ chat_id: id, status: "creator", chat_title: title, ...identityBody() });
    await sim.setMember({ chat_id: id, user_id: world.bot.id, status: "member" });
    $("new-group").hidden = true;
    $("new-group-title").value = "";
    await refreshWorld();
    await openChat(id);
    toast(`Group “${title}” created; the bot was added.`);
  } catch (error) {
    toast(error.message, "error");
  }
});

// --- start -------------------------------------------------------------------------------------

const chatView = new ChatView({ toast, alertBox, onReply: (message) => composer.replyTo(message) });
const composer = new Composer({
  toast,
  identityBody,
  onSent: () => chatView.scheduleRefresh(),
});
chatView.onCommand = (command) => composer.sendText(command);
chatView.onForceReply = (message, placeholder) => composer.replyTo(message, placeholder);
chatView.onReplyKeyboard = (markup) => composer.showReplyKeyboard(markup);

async function boot() {
  try {
    const answer = await refreshWorld();
    world.cursor = answer.events_last;
    const firstUser = answer.users[0];
    setMe(world.me || (firstUser ? { id: firstUser.id } : DEFAULT_IDENTITY));
    const saved = Number(localStorage.getItem(OPEN_CHAT_KEY));
    const reopen = saved && (world.chats.has(saved) || saved === world.me.id) && !(saved > 0 && saved !== world.me.id);
    await openChat(reopen ? saved : world.me.id);
  } catch (error) {
    toast(`The stand-in did not answer: ${error.message}`, "error");
  }
  follow();
}

boot();
