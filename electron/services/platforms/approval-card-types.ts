import { z } from 'zod';

// Leaf types of approval cards (no imports back into platforms/), so platforms/types.ts can name them without a loop.

/** Where a sent copy of an approval card lives, so every copy can be changed once the ticket is decided. */
export type CardRef =
  /** Feishu / Lark: a card message the app sent (PATCH /open-apis/im/v1/messages/:message_id). */
  | { readonly kind: 'feishu-message'; readonly messageId: string }
  /** DingTalk: a card instance created with callbackType STREAM (PUT /v1.0/card/instances). */
  | { readonly kind: 'dingtalk-card'; readonly outTrackId: string };

export const APPROVAL_CARD_STATES = ['pending', 'approved', 'rejected', 'expired', 'test'] as const;
export type ApprovalCardState = (typeof APPROVAL_CARD_STATES)[number];

/** The ticket part of a card, kept with each sent copy so the copy can be rebuilt with its outcome. */
export const approvalCardBodySchema = z.object({
  title: z.string(),
  /** The body as markdown, without a heading (the card's header shows the title). Already defanged. */
  markdown: z.string(),
  /** "Open DMS" ('' = none), in the platform's open-in-app form. */
  link: z.string(),
  openUrls: z.object({ pc: z.string(), mobile: z.string() }).optional(),
  linkLabel: z.string(),
  lang: z.enum(['en-US', 'zh-CN']),
});
export type ApprovalCardBody = z.infer<typeof approvalCardBodySchema>;
