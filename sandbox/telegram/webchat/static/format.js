// Text with Telegram message entities → safe HTML, the way Telegram's apps show it.
// Entity offsets count UTF-16 code units, as JavaScript strings do, so they index text directly.
// Links, /commands and @mentions in plain text are made clickable, as Telegram detects them.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const DETECTED = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'])|(^|[\s(])(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|[\s.,;:!?)])|(^|[\s(])(@[A-Za-z0-9_]{5,32})/g;

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

function safeHref(url) {
  const trimmed = String(url || "").trim();
  return /^(https?:|mailto:)/i.test(trimmed) ? trimmed : null;
}

function userIdOf(url) {
  const match = /^tg:\/\/user\?id=(\d+)$/i.exec(String(url || "").trim());
  return match ? Number(match[1]) : null;
}

/** The user ids a message mentions (text_mention, or links to tg://user?id=…). */
export function mentionedUserIds(entities) {
  const ids = [];
  for (const entity of entities || []) {
    if (entity.type === "text_mention" && entity.user) ids.push(entity.user.id);
    if (entity.type === "text_link" && userIdOf(entity.url) !== null) ids.push(userIdOf(entity.url));
  }
  return ids;
}

function plain(text, detect) {
  if (!detect) return escapeHtml(text);
  let html = "";
  let last = 0;
  for (const match of text.matchAll(DETECTED)) {
    const [whole, url, commandLead, command, mentionLead, mention] = match;
    const lead = commandLead ?? mentionLead ?? "";
    const start = match.index + lead.length;
    html += escapeHtml(text.slice(last, start));
    if (url) {
      html += `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
    } else if (command) {
      html += `<a href="#" class="command" data-command="${escapeHtml(command)}">${escapeHtml(command)}</a>`;
    } else {
      html += `<span class="mention">${escapeHtml(mention)}</span>`;
    }
    last = match.index + whole.length;
  }
  return html + escapeHtml(text.slice(last));
}

function wrap(entity, inner, text) {
  const body = text.slice(entity.offset, entity.offset + entity.length);
  switch (entity.type) {
    case "bold": return `<strong>${inner}</strong>`;
    case "italic": return `<em>${inner}</em>`;
    case "underline": return `<u>${inner}</u>`;
    case "strikethrough": return `<s>${inner}</s>`;
    case "spoiler": return `<span class="spoiler" title="Spoiler: click to show">${inner}</span>`;
    case "code": return `<code>${inner}</code>`;
    case "pre": {
      const language = entity.language ? ` data-language="${escapeHtml(entity.language)}"` : "";
      return `<pre${language}><code>${inner}</code></pre>`;
    }
    case "blockquote": return `<blockquote>${inner}</blockquote>`;
    case "expandable_blockquote": return `<blockquote class="expandable">${inner}</blockquote>`;
    case "text_link": {
      if (userIdOf(entity.url) !== null) {
        return `<span class="mention" data-user-id="${userIdOf(entity.url)}">${inner}</span>`;
      }
      const href = safeHref(entity.url);
      return href
        ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer" title="${escapeHtml(href)}">${inner}</a>`
        : `<span class="link-unsafe" title="${escapeHtml(entity.url)}">${inner}</span>`;
    }
    case "url": {
      const href = safeHref(/^[a-z]+:/i.test(body) ? body : `https://${body}`);
      return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${inner}</a>` : inner;
    }
    case "email": return `<a href="mailto:${escapeHtml(body)}">${inner}</a>`;
    case "text_mention": return `<span class="mention" data-user-id="${entity.user?.id ?? ""}">${inner}</span>`;
    case "mention": case "hashtag": case "cashtag": case "phone_number":
      return `<span class="mention">${inner}</span>`;
    case "bot_command":
      return `<a href="#" class="command" data-command="${escapeHtml(body)}">${inner}</a>`;
    default: return inner; // custom_emoji and anything newer: the text as it is
  }
}

const NO_DETECTION = new Set(["code", "pre", "text_link", "url", "email", "bot_command", "mention", "text_mention"]);

function build(text, start, end, entities, detect) {
  let html = "";
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    if (entity.offset >= end) break;
    if (entity.offset < position) { index += 1; continue; } // overlaps an earlier one: ignored
    html += plain(text.slice(position, entity.offset), detect);
    const entityEnd = Math.min(entity.offset + entity.length, end);
    const children = [];
    let next = index + 1;
    while (next < entities.length && entities[next].offset < entityEnd) {
      children.push(entities[next]);
      next += 1;
    }
    const innerDetect = detect && !NO_DETECTION.has(entity.type);
    html += wrap(entity, build(text, entity.offset, entityEnd, children, innerDetect), text);
    position = entityEnd;
    index = next;
  }
  return html + plain(text.slice(position, end), detect);
}

/** HTML for `text` with its `entities` (Bot API MessageEntity objects). */
export function renderText(text, entities) {
  if (!text) return "";
  const sorted = [...(entities || [])]
    .filter((entity) => entity.length > 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  return build(text, 0, text.length, sorted, true);
}

/** A one-line preview of a text (for replies and the chat list). */
export function snippet(text, length = 60) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
