// The page's line to the sandbox server: actions go out as POSTs, what the person sees comes back as server-sent
// events. When the server stops answering, the page says so ("offline — reconnecting"), keeps trying on its own,
// and on its return reloads the server's description, listens again and clears the errors the outage caused.
import { $, state } from './dom.js';
import { namedIds, plainMentions } from './text.js';

const retryMs = 1000;
/** What a person reads when an action could not reach the sandbox at all (the browser only says "Failed to fetch"). */
export const offlineMessage =
  'Not sent: the sandbox is not answering (it may have been stopped). The page reconnects by itself when it is back; then try again.';

const hooks = { view: () => {}, world: () => {}, status: () => {} };
let events = null;
let retryTimer = null;

/** view(view) on each update, world() once the server's description is (re)loaded, status() when the line changes. */
export function onConnection(handlers) {
  Object.assign(hooks, handlers);
}

export function connectionState() {
  return state.connection ?? 'connecting';
}

function setConnection(next) {
  if (state.connection === next) return;
  state.connection = next;
  hooks.status();
}

/** An error box showing an outage's message is cleared when the line is back; other errors stay. */
export function showError(box, error) {
  box.textContent = namedIds(plainMentions(error.message));
  if (error.offline) box.dataset.offline = 'true';
  else delete box.dataset.offline;
}

function clearOutageErrors() {
  for (const box of document.querySelectorAll('[data-offline="true"]')) {
    box.textContent = '';
    delete box.dataset.offline;
  }
}

function offlineError() {
  const error = new Error(offlineMessage);
  error.offline = true;
  return error;
}

export async function post(action, body) {
  let response;
  try {
    response = await fetch(`/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: state.me, ...body }),
    });
  } catch {
    goneOffline();
    throw offlineError();
  }
  const answer = await response.json().catch(() => ({ error: `the sandbox answered ${response.status} without saying why` }));
  if (!response.ok) throw new Error(answer.error ?? `the sandbox answered ${response.status} without saying why`);
  return answer;
}

export async function loadWorld() {
  const response = await fetch('/api/world');
  if (!response.ok) throw new Error(`the sandbox answered ${response.status} for its server description`);
  state.world = await response.json();
}

/** (Re)opens the event stream for the person picked in "You are". */
export function listen() {
  events?.close();
  events = new EventSource(`/api/events?as=${encodeURIComponent(state.me)}`);
  events.onmessage = (event) => {
    state.view = JSON.parse(event.data);
    if (state.connection !== 'online') {
      setConnection('online');
      clearOutageErrors();
    }
    hooks.view();
  };
  // EventSource retries by itself on some failures and gives up on others; the page takes over in every case.
  events.onerror = () => goneOffline();
}

function goneOffline() {
  events?.close();
  events = null;
  if (retryTimer !== null) return;
  setConnection('offline');
  retryTimer = setTimeout(reconnect, retryMs);
}

async function reconnect() {
  try {
    await loadWorld();
  } catch {
    retryTimer = setTimeout(reconnect, retryMs);
    return;
  }
  retryTimer = null;
  // A sandbox started afresh has new people: fall back to the first one if the picked person is gone.
  if (!state.world.people.some((p) => p.id === state.me)) state.me = state.world.people[0].id;
  hooks.world();
  listen();
}

/** The line as the sidebar shows it: the page's own connection first, then the bot's. */
export function renderStatus() {
  const status = $('bot-status');
  const banner = $('connection-banner');
  if (state.connection === 'offline') {
    status.dataset.connected = 'false';
    status.dataset.state = 'offline';
    status.textContent = 'offline — reconnecting';
    banner.hidden = false;
    banner.textContent =
      'The sandbox is not answering: it may have been stopped. The page tries again every second and picks up where it was once the sandbox is back (npm start).';
    return;
  }
  banner.hidden = true;
  const bot = state.view?.bot;
  status.dataset.state = bot?.connected ? 'online' : 'bot-offline';
  status.dataset.connected = String(bot?.connected === true);
  status.textContent = !state.view ? 'connecting…' : bot.connected ? `bot: ${bot.user} online` : 'bot: offline (the sandbox is up; its bot is not connected)';
}
