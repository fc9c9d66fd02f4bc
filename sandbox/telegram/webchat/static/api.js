// The stand-in's /sim API, as the web chat uses it. Every failure becomes an Error whose message
// is the stand-in's own explanation (e.g. "the bot is not a member of chat -5").

export class SimError extends Error {}

async function request(method, path, body, signal) {
  const options = { method, headers: {}, signal };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    throw new SimError(data?.error || `${method} ${path}: HTTP ${response.status}`);
  }
  return data;
}

export const sim = {
  chats: () => request("GET", "/sim/chats"),
  chat: (chatId) => request("GET", `/sim/chat/${chatId}`),
  events: (after, wait, signal) =>
    request("GET", `/sim/events?after=${after}&wait=${wait}`, undefined, signal),
  send: (body) => request("POST", "/sim/message", body),
  press: (body) => request("POST", "/sim/callback", body),
  document: (body) => request("POST", "/sim/document", body),
  photo: (body) => request("POST", "/sim/photo", body),
  setMember: (body) => request("POST", "/sim/chat_member", body),
  fileUrl: (fileId, download = false) =>
    `/sim/file/${encodeURIComponent(fileId)}${download ? "?download=1" : ""}`,
};

/** The file's content as base64 (what /sim/document and /sim/photo take). */
export function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error || new Error("the file could not be read"));
    reader.readAsDataURL(file);
  });
}
