import {
  ApplicationCommandOptionType,
  ButtonStyle,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  type Guild,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { MemberFacingError } from '../src/domain/member-facing-error.js';
import { parseReviewForm, reviewToForm, type ReviewForm } from '../src/domain/parse-review-form.js';
import { slugify } from '../src/domain/slugify.js';
import { validateReview } from '../src/domain/validate-review.js';
import { importBlogPost, maxPostBytes } from '../src/importer/index.js';
import { defineCommand, type CommandModule, type ModalContext } from '../src/discord/command-kit.js';
import type { GuildSettings } from '../src/domain/guild-settings.js';
import type { Review } from '../src/domain/review.js';
import { deletePrompt, deletedText } from '../src/discord/confirm-delete.js';
import { destinationChannel } from '../src/discord/destination-channel.js';
import { reviewKeyOf } from '../src/discord/custom-id.js';
import type { Draft } from '../src/discord/drafts.js';
import { parseOrKeep } from '../src/discord/keep-refused-form.js';
import { messageUrl } from '../src/discord/render-review.js';
import { findByKey, requireReview, reviewAutocomplete, reviewByKey, reviewOption, wholeReview } from '../src/discord/review-lookup.js';
import { discordReviewPoster } from '../src/discord/review-poster.js';
import type { BotServices } from '../src/discord/services.js';
import { button, previewReply, readReply, reviewModal, row, textInputMax } from '../src/discord/views.js';
import { addReview } from '../src/reviews/add-review.js';
import { deleteReview } from '../src/reviews/delete-review.js';
import { editReview } from '../src/reviews/edit-review.js';
import { publishReview, type PublishOutcome } from '../src/reviews/publish-review.js';

export const definition = {
  name: 'review',
  description: 'Post, read and manage reviews',
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'post',
      description: 'Post a review in the reviews channel (admins)',
      options: [
        reviewOption,
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'Post here instead of the reviews channel',
          channel_types: [ChannelType.GuildText, ChannelType.GuildForum],
        },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'read', description: 'Read a review, page by page', options: [reviewOption] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'new', description: 'Write a new review in a form (admins)' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'import',
      description: 'Import a blog post exported as text (admins)',
      options: [{ type: ApplicationCommandOptionType.Attachment, name: 'file', description: 'The blog post as a .txt file (at most 1 MB)', required: true }],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'edit',
      description: 'Edit a review; every post of it is updated (admins)',
      options: [reviewOption],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'delete',
      description: 'Delete a review; its posts are marked withdrawn (admins)',
      options: [reviewOption],
    },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const emptyForm: ReviewForm = { title: '', year: '', text: '', tracks: '', nextPost: '' };

/** Where Publish will post, in words, for the preview. */
function destinationText(reviewsChannelId: string | null, hereId: string): string {
  return `<#${reviewsChannelId ?? hereId}>`;
}

async function showDraft(context: ModalContext, draft: Omit<Draft, 'createdAt'>, existingId?: string): Promise<void> {
  const { services, interaction, settings } = context;
  const draftId = services.drafts.put(draft, existingId);
  const reply = previewReply({ ...draft, createdAt: services.now() }, draftId, destinationText(settings.reviewsChannelId, interaction.channelId ?? ''));
  const body = { content: reply.content ?? '', embeds: reply.embeds ?? [], components: reply.components ?? [] };
  if (interaction.isFromMessage()) await interaction.update(body);
  else await interaction.reply({ ...body, flags: MessageFlags.Ephemeral });
}

function formFrom(context: ModalContext): ReviewForm {
  const f = context.interaction.fields;
  const get = (name: keyof ReviewForm): string => {
    try {
      return f.getTextInputValue(name);
    } catch {
      return '';
    }
  };
  return { title: get('title'), year: get('year'), text: get('text'), tracks: get('tracks'), nextPost: get('nextPost') };
}

function parseNew(context: ModalContext, form: ReviewForm, base: Draft['review'] | undefined) {
  const addedAt = new Date(context.services.now()).toISOString();
  const parsed = parseReviewForm(form, base ? { addedAt, base } : { addedAt });
  // A new review's slug follows its (possibly edited) title.
  return { ...parsed, review: validateReview({ ...parsed.review, slug: slugify(parsed.review.title) }) };
}

/** Publishes through the use case, posting with discord.js in the guild the command ran in. */
function postOnce(
  services: BotServices,
  input: { guild: Guild; review: Review; channelId: string; postedBy: string; settings: GuildSettings; confirmed: boolean },
): Promise<PublishOutcome> {
  const { guild, settings, ...request } = input;
  return publishReview({ ...services, poster: discordReviewPoster(guild, services) }, { ...request, guildId: guild.id, likeEmoji: settings.likeEmojis[0] });
}

export const command = defineCommand(definition, {
  handlers: {
    post: {
      access: 'admin',
      defer: 'ephemeral',
      async run({ interaction, services, settings, respond }, args) {
        const review = await wholeReview(services.catalogue, requireReview(services.catalogue, args.review));
        const channelId = destinationChannel(settings, args.channel, interaction.channel);
        const outcome = await postOnce(services, { guild: interaction.guild, review, channelId, postedBy: interaction.user.id, settings, confirmed: false });
        if (outcome.kind === 'posted') {
          await respond({ content: `Posted **${review.title}** in <#${channelId}>: ${outcome.url}` });
          return;
        }
        const { existing } = outcome;
        const expiresAt = services.now() + services.buttonTtlMs;
        await respond({
          content: `**${review.title}** is already posted in this server: ${messageUrl(existing.guildId, existing.channelId, existing.messageId)}\nPost it again in <#${channelId}>?`,
          components: [
            row(
              button(
                { kind: 'post-confirm', reviewKey: reviewKeyOf(review.slug), channelId, ownerId: interaction.user.id, expiresAt },
                'Post again',
                ButtonStyle.Primary,
              ),
              button({ kind: 'post-cancel', ownerId: interaction.user.id }, 'Cancel', ButtonStyle.Secondary),
            ),
          ],
        });
      },
    },
    read: {
      access: 'everyone',
      defer: 'none',
      async run({ interaction, services, respond }, args) {
        const review = await wholeReview(services.catalogue, requireReview(services.catalogue, args.review));
        await respond(readReply(services, review, 0, interaction.user.id));
      },
    },
    new: {
      access: 'admin',
      defer: 'none',
      async run({ interaction }) {
        await interaction.showModal(reviewModal({ kind: 'modal-new' }, 'New review', emptyForm));
      },
    },
    import: {
      access: 'admin',
      defer: 'ephemeral',
      async run({ interaction, services, settings, respond }, args) {
        const file = args.file;
        if (file.size > maxPostBytes) {
          throw new MemberFacingError(`“${file.name}” is ${(file.size / 1024 / 1024).toFixed(1)} MB; blog posts over 1 MB are refused.`);
        }
        const type = file.contentType?.split(';')[0]?.trim().toLowerCase();
        if (type && !type.startsWith('text/')) {
          throw new MemberFacingError(`“${file.name}” is ${type}, not text. Export the blog post as plain text (.txt) and attach that.`);
        }
        const response = await fetch(file.url);
        if (!response.ok) throw new MemberFacingError(`I couldn't download “${file.name}” (HTTP ${response.status}); attach it again.`);
        const bytes = Buffer.from(await response.arrayBuffer());
        if (bytes.length > maxPostBytes) throw new MemberFacingError(`“${file.name}” is over 1 MB; blog posts over 1 MB are refused.`);
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        if (bytes.includes(0) || text.includes('\uFFFD'))
          throw new MemberFacingError(`“${file.name}” is not text (it holds binary data). Export the blog post as plain text (.txt).`);
        const { review, warnings } = importBlogPost(text, { addedAt: new Date(services.now()).toISOString() });
        const draft = { mode: 'new' as const, review, warnings, form: reviewToForm(review), ownerId: interaction.user.id, guildId: interaction.guildId };
        const draftId = services.drafts.put(draft);
        await respond(previewReply({ ...draft, createdAt: services.now() }, draftId, destinationText(settings.reviewsChannelId, interaction.channelId)));
      },
    },
    edit: {
      access: 'admin',
      defer: 'none',
      async run({ interaction, services }, args) {
        const review = await wholeReview(services.catalogue, requireReview(services.catalogue, args.review));
        const form = reviewToForm(review);
        if (form.text.length > textInputMax || form.tracks.length > textInputMax) {
          throw new MemberFacingError(
            `“${review.title}” is longer than a Discord form can hold (${textInputMax} characters per field); edit its file in data/reviews/ instead.`,
          );
        }
        await interaction.showModal(reviewModal({ kind: 'modal-edit', reviewKey: reviewKeyOf(review.slug) }, 'Edit review', form));
      },
    },
    delete: {
      access: 'admin',
      defer: 'ephemeral',
      async run({ interaction, services, respond }, args) {
        const review = requireReview(services.catalogue, args.review);
        await respond(deletePrompt(services, review, interaction.guildId, interaction.user.id));
      },
    },
  },
  autocomplete: reviewAutocomplete,
  buttons: {
    read: {
      access: 'everyone',
      async run({ interaction, services }, state) {
        const review = await wholeReview(services.catalogue, reviewByKey(services.catalogue, state.reviewKey));
        const reply = readReply(services, review, state.page, state.ownerId);
        await interaction.update({ embeds: reply.embeds ?? [], components: reply.components ?? [] });
      },
    },
    'post-confirm': {
      access: 'admin',
      async run({ interaction, services, settings }, state) {
        const review = await wholeReview(services.catalogue, reviewByKey(services.catalogue, state.reviewKey));
        await interaction.update({ content: `Posting **${review.title}**…`, components: [] });
        const outcome = await postOnce(services, {
          guild: interaction.guild,
          review,
          channelId: state.channelId,
          postedBy: interaction.user.id,
          settings,
          confirmed: true,
        });
        if (outcome.kind === 'posted') await interaction.editReply({ content: `Posted **${review.title}** again in <#${state.channelId}>: ${outcome.url}` });
      },
    },
    'delete-confirm': {
      access: 'admin',
      async run({ interaction, services }, state) {
        const review = reviewByKey(services.catalogue, state.reviewKey);
        await interaction.update({ content: `Deleting **${review.title}**…`, components: [] });
        const withdrawn = await deleteReview(services, review);
        await interaction.editReply({ content: deletedText(review.title, withdrawn) });
      },
    },
    'delete-cancel': {
      access: 'everyone',
      async run({ interaction, services }, state) {
        const title = findByKey(services.catalogue, state.reviewKey)?.title;
        await interaction.update({ content: title ? `Kept **${title}**; nothing was deleted.` : 'Nothing was deleted.', components: [] });
      },
    },
    'form-reopen': {
      access: 'admin',
      async run({ interaction, services }, state) {
        const refused = services.refusedForms.get(state.formId);
        if (!refused) {
          throw new MemberFacingError(
            'This form is no longer kept (a refused form is kept for 15 minutes, and not across a restart of the bot). Run `/review new` or `/review edit` again.',
          );
        }
        await interaction.showModal(reviewModal(refused.modal, refused.title, refused.form));
      },
    },
    'post-cancel': {
      access: 'everyone',
      async run({ interaction }) {
        await interaction.update({ content: 'Not posted again.', components: [] });
      },
    },
    draft: {
      access: 'admin',
      async run({ interaction, services, settings }, state) {
        const draft = services.drafts.get(state.draftId);
        if (!draft)
          throw new MemberFacingError(
            'This preview has expired (previews last 15 minutes and do not survive a restart). Start again with `/review new` or `/review import`.',
          );
        if (state.action === 'cancel') {
          services.drafts.delete(state.draftId);
          await interaction.update({ content: `Discarded “${draft.review.title}”.`, embeds: [], components: [] });
          return;
        }
        if (state.action === 'edit') {
          const form = draft.form;
          if (form.text.length > textInputMax || form.tracks.length > textInputMax) {
            throw new MemberFacingError(
              `This review is longer than a Discord form can hold (${textInputMax} characters per field); publish it and edit its file in data/reviews/.`,
            );
          }
          await interaction.showModal(reviewModal({ kind: 'modal-draft', draftId: state.draftId }, draft.mode === 'edit' ? 'Edit review' : 'New review', form));
          return;
        }
        if (draft.mode === 'edit') {
          await interaction.deferUpdate();
          const updated = await editReview(services, draft.review);
          services.drafts.delete(state.draftId);
          const posts = updated === 1 ? '1 post' : `${updated} posts`;
          await interaction.editReply({ content: `Saved **${draft.review.title}**; ${posts} updated.`, embeds: [], components: [] });
          return;
        }
        await addReview(services, draft.review);
        services.drafts.delete(state.draftId);
        await interaction.update({ content: `Added **${draft.review.title}** to the catalogue. Posting…`, embeds: [], components: [] });
        const channelId = destinationChannel(settings, null, interaction.channel);
        const outcome = await postOnce(services, {
          guild: interaction.guild,
          review: draft.review,
          channelId,
          postedBy: interaction.user.id,
          settings,
          confirmed: false,
        });
        const where = outcome.kind === 'posted' ? outcome.url : 'it was already posted';
        await interaction.editReply({ content: `Published **${draft.review.title}** in <#${channelId}>: ${where}` });
      },
    },
  },
  modals: {
    'modal-new': {
      access: 'admin',
      async run(context, state) {
        const form = formFrom(context);
        const { review, warnings } = parseOrKeep(context, { modal: state, title: 'New review', form }, () => parseNew(context, form, undefined));
        await showDraft(context, { mode: 'new', review, warnings, form, ownerId: context.interaction.user.id, guildId: context.interaction.guildId });
      },
    },
    'modal-draft': {
      access: 'admin',
      async run(context, state) {
        const previous = context.services.drafts.get(state.draftId);
        if (!previous) throw new MemberFacingError('This preview has expired; start again with `/review new`.');
        const form = formFrom(context);
        const addedAt = new Date(context.services.now()).toISOString();
        const title = previous.mode === 'edit' ? 'Edit review' : 'New review';
        const parsed = parseOrKeep(context, { modal: state, title, form }, () =>
          previous.mode === 'edit' ? parseReviewForm(form, { addedAt, base: previous.review }) : parseNew(context, form, previous.review),
        );
        await showDraft(context, { ...previous, review: parsed.review, warnings: parsed.warnings, form }, state.draftId);
      },
    },
    'modal-edit': {
      access: 'admin',
      async run(context, state) {
        const base = await wholeReview(context.services.catalogue, reviewByKey(context.services.catalogue, state.reviewKey));
        const form = formFrom(context);
        const parsed = parseOrKeep(context, { modal: state, title: 'Edit review', form }, () => parseReviewForm(form, { addedAt: base.addedAt, base }));
        await showDraft(context, {
          mode: 'edit',
          review: parsed.review,
          warnings: parsed.warnings,
          form,
          ownerId: context.interaction.user.id,
          guildId: context.interaction.guildId,
        });
      },
    },
  },
}) satisfies CommandModule;
