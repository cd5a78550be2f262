// A forum channel as Discord draws it: a list of post cards (tags, title, the start of the starter message, the
// number of replies, the reactions, the last activity), newest activity first. A card opens its post beside it.
import { element, htmlSpan, state } from './dom.js';
import { ago, authorName } from './messages.js';
import { markdown } from './text.js';

/** The text a card quotes: the starter's own text, else the first embed text it carries (a review's opening lines). */
function starterText(starter) {
  if (starter.content) return starter.content;
  const embeds = starter.embeds ?? [];
  return embeds.find((e) => e.description)?.description ?? embeds[0]?.title ?? '';
}

function card(post, openThread) {
  const starter = post.messages[0];
  const replies = Math.max(0, post.messages.length - 1);
  const last = post.messages.at(-1)?.timestamp ?? post.createdAt;
  const node = element(
    'article',
    { class: 'forum-card', role: 'button', tabindex: 0, 'data-thread-id': post.id, 'aria-current': post.id === state.threadId ? 'true' : 'false' },
    [
      post.tags.length > 0
        ? element(
            'div',
            { class: 'forum-card-tags' },
            post.tags.map((tag) => element('span', { class: 'forum-tag' }, [tag])),
          )
        : null,
      element('h3', { class: 'forum-card-title' }, [post.name]),
      starter
        ? element('div', { class: 'forum-card-starter' }, [
            element('span', { class: 'forum-card-author' }, [`${authorName(starter.author)}: `]),
            htmlSpan(markdown(starterText(starter))),
          ])
        : element('div', { class: 'forum-card-starter' }, ['The first message of this post was deleted.']),
      element('footer', { class: 'forum-card-footer' }, [
        element('span', { class: 'forum-card-replies', title: `${replies} repl${replies === 1 ? 'y' : 'ies'}` }, [`💬 ${replies}`]),
        ...(starter?.reactions ?? []).map((r) => element('span', { class: 'forum-card-reaction', 'data-emoji': r.key }, [`${r.emoji.name} ${r.count}`])),
        last ? element('span', { class: 'forum-card-time' }, [ago(last)]) : null,
      ]),
    ],
  );
  node.addEventListener('click', () => openThread(post.id));
  node.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openThread(post.id);
    }
  });
  return node;
}

/** Fills the channel pane with the forum's cards (or a word on how posts start when there are none yet). */
export function renderForum(container, forum, openThread) {
  const posts = state.view.threads.filter((t) => t.parentId === forum.id);
  const lastActivity = (post) => post.messages.at(-1)?.timestamp ?? post.createdAt ?? '';
  posts.sort((a, b) => lastActivity(b).localeCompare(lastActivity(a)));
  if (posts.length === 0) {
    const admin = state.world.people.find((p) => p.role === 'admin');
    container.replaceChildren(
      element('div', { class: 'empty-channel' }, [
        element('h2', {}, [`No posts in ${forum.name} yet`]),
        element('p', {}, [
          `A forum holds posts, each with its own replies. As ${admin?.name ?? 'the admin'}, run /review post with channel:#${forum.name} to publish one here.`,
        ]),
      ]),
    );
    return;
  }
  container.replaceChildren(
    element(
      'div',
      { class: 'forum-list', role: 'list' },
      posts.map((post) => card(post, openThread)),
    ),
  );
}
