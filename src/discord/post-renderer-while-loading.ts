import type { Awaitable, RESTPatchAPIChannelMessageJSONBody } from 'discord.js';
import type { Publication } from '../domain/publication.js';
import type { PostCounts } from '../engagement/index.js';

export type RenderPost = (publication: Publication, counts: PostCounts) => Awaitable<RESTPatchAPIChannelMessageJSONBody | undefined>;

/**
 * The engagement's renderPost while the catalogue is still loading (the bot logs in meanwhile). A footer edit
 * asked for before the catalogue is there renders nothing rather than holding the refresher's window (the
 * refresher then leaves the post alone) and the post is remembered; `install` hands back every post asked for
 * so the bot refreshes them once the real renderer is in place. No footer update is lost.
 */
export class PostRendererWhileLoading {
  #render: RenderPost | null = null;
  readonly #asked = new Set<string>();

  readonly render: RenderPost = (publication, counts) => {
    if (this.#render) return this.#render(publication, counts);
    this.#asked.add(publication.messageId);
    return undefined;
  };

  /** Renders with `render` from now on; returns the message ids of the posts asked for before (each once). */
  install(render: RenderPost): string[] {
    this.#render = render;
    const asked = [...this.#asked];
    this.#asked.clear();
    return asked;
  }
}
