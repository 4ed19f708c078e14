// The Scale page: plain DOM over the JSON API, routed by the URL hash so every view has a link.
'use strict';

const view = document.getElementById('view');
const form = document.getElementById('search');
const qInput = document.getElementById('q');
const instrumentSelect = document.getElementById('instrument');
let instrumentNames = new Map();

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

async function api(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}

const nameOf = (instrument) => instrumentNames.get(instrument) || `#${instrument}`;
const songTitle = (song) => song.title || song.key;

function chips(instruments, shared = new Set()) {
  return el(
    'div',
    { class: 'chips' },
    ...instruments.map((i) =>
      el('span', { class: shared.has(i) ? 'chip shared' : 'chip', 'data-instrument': i }, nameOf(i)),
    ),
  );
}

function songItem(song, extra) {
  const link = el('a', { href: `#/song/${song.id}`, class: 'song-link' }, songTitle(song));
  return el(
    'li',
    { 'data-song-id': song.id },
    ...(extra ? [extra] : []),
    link,
    el('div', { class: 'meta' }, song.key),
    chips(song.instruments, extra?.shared),
  );
}

async function showSongs(title, pathFor) {
  const list = el('ul', { class: 'songs' });
  const more = el('button', { class: 'more', type: 'button' }, 'More songs');
  view.replaceChildren(el('h1', {}, title), list);
  async function load(cursor) {
    const page = await api(pathFor(cursor));
    list.append(...page.items.map((song) => songItem(song)));
    if (page.items.length === 0 && !cursor) list.append(el('li', {}, 'No songs found.'));
    if (page.nextCursor) {
      more.onclick = () => load(page.nextCursor).catch(showError);
      view.append(more);
    } else {
      more.remove();
    }
  }
  await load(undefined);
}

async function showSong(id) {
  const [song, similar] = await Promise.all([api(`/api/songs/${id}`), api(`/api/songs/${id}/similar?limit=10`)]);
  const instruments = el(
    'table',
    {},
    el('tr', {}, el('th', {}, 'Instrument'), el('th', {}, 'Family'), el('th', {}, 'Notes')),
    ...song.instrumentNotes.map((i) =>
      el(
        'tr',
        {},
        el('td', {}, el('a', { href: `#/instrument/${i.instrument}` }, i.name)),
        el('td', {}, i.family),
        el('td', {}, i.notes),
      ),
    ),
  );
  const own = new Set(song.instruments);
  const list = el(
    'ul',
    { class: 'songs', id: 'similar' },
    ...similar.similar.map((match) => {
      const score = el(
        'span',
        { class: 'score', title: `${match.sharedCount} shared instruments` },
        match.score.toFixed(3),
      );
      score.shared = new Set(match.shared.map((s) => s.instrument));
      return songItem(match.song, score);
    }),
  );
  view.replaceChildren(
    el('h1', { id: 'song-title', 'data-song-id': song.id }, songTitle(song)),
    el(
      'p',
      { class: 'meta' },
      `${song.key} · format ${song.format} · ${song.tracks} tracks · ${Math.round(song.durationSeconds)} s · ${song.notes} notes`,
    ),
    chips(song.instruments, own),
    instruments,
    el('h2', {}, 'Similar songs'),
    el('p', { class: 'meta' }, 'By Jaccard similarity of instrument sets; shared instruments are highlighted.'),
    similar.similar.length ? list : el('p', {}, 'No song shares an instrument with this one.'),
  );
}

async function showInstruments() {
  const all = await api('/api/instruments');
  view.replaceChildren(
    el('h1', {}, 'Instruments'),
    el(
      'table',
      {},
      el('tr', {}, el('th', {}, 'Instrument'), el('th', {}, 'Family'), el('th', {}, 'Songs')),
      ...all
        .filter((i) => i.songs > 0)
        .map((i) =>
          el(
            'tr',
            {},
            el('td', {}, el('a', { href: `#/instrument/${i.instrument}` }, i.name)),
            el('td', {}, i.family),
            el('td', {}, i.songs),
          ),
        ),
    ),
  );
}

function showError(error) {
  view.replaceChildren(el('p', { class: 'error', role: 'alert' }, error.message));
}

async function route() {
  const [path, queryString] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(queryString || '');
  const parts = path.split('/').filter(Boolean);
  try {
    if (parts[0] === 'song' && parts[1]) return await showSong(parts[1]);
    if (parts[0] === 'instrument' && parts[1]) {
      const instrument = Number(parts[1]);
      return await showSongs(
        `Songs with ${nameOf(instrument)}`,
        (cursor) => `/api/instruments/${instrument}/songs?limit=20${cursor ? `&cursor=${cursor}` : ''}`,
      );
    }
    if (parts[0] === 'instruments') return await showInstruments();
    const q = params.get('q') || '';
    const instrument = params.get('instrument') || '';
    qInput.value = q;
    instrumentSelect.value = instrument;
    const query = new URLSearchParams({ limit: '20', ...(q && { q }), ...(instrument && { instrument }) });
    await showSongs(
      q || instrument ? 'Search results' : 'Songs',
      (cursor) => `/api/songs?${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
  } catch (error) {
    showError(error);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  if (qInput.value.trim()) params.set('q', qInput.value.trim());
  if (instrumentSelect.value) params.set('instrument', instrumentSelect.value);
  location.hash = `#/search?${params}`;
});
window.addEventListener('hashchange', route);

api('/api/instruments')
  .then((all) => {
    instrumentNames = new Map(all.map((i) => [i.instrument, i.name]));
    instrumentSelect.append(
      ...all.filter((i) => i.songs > 0).map((i) => el('option', { value: i.instrument }, i.name)),
    );
  })
  .catch(() => undefined)
  .finally(route);
