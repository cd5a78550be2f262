import { describe, expect, it } from 'vitest';
import { orderComments } from '../../../src/importer/wxr/order-comments.js';
import type { WxrComment } from '../../../src/importer/wxr/read-wxr.js';

const comment = (id: number, date: string, parent = 0): WxrComment => ({
  id: String(id),
  author: `c${id}`,
  date,
  dateGmt: date,
  content: '',
  tooLong: false,
  approved: '1',
  type: 'comment',
  parent: String(parent),
});

const order = (comments: WxrComment[]) => orderComments(comments).ordered.map((o) => [Number(o.comment.id), o.replyTo]);

describe('threaded comment order', () => {
  it('puts each reply right after its parent’s earlier replies, replies by date', () => {
    expect(
      order([
        comment(1, '2020-01-01 10:00:00'),
        comment(2, '2020-01-01 11:00:00'),
        comment(3, '2020-01-01 12:00:00', 1),
        comment(4, '2020-01-01 09:30:00', 1),
        comment(5, '2020-01-01 13:00:00', 4),
      ]),
    ).toEqual([
      [1, null],
      [4, 0],
      [5, 1],
      [3, 0],
      [2, null],
    ]);
  });

  it('breaks a tie of dates by id', () => {
    expect(order([comment(9, '2020-01-01 10:00:00'), comment(8, '2020-01-01 10:00:00')])).toEqual([
      [8, null],
      [9, null],
    ]);
  });

  it('lists an orphaned reply and a loop of parents as top-level, each once', () => {
    const { ordered, orphans } = orderComments([
      comment(1, '2020-01-01 10:00:00', 99),
      comment(2, '2020-01-01 11:00:00', 3),
      comment(3, '2020-01-01 12:00:00', 2),
    ]);
    expect(ordered.map((o) => Number(o.comment.id))).toEqual([1, 2, 3]);
    expect(ordered.map((o) => o.replyTo)).toEqual([null, null, 1]);
    expect(orphans.map((c) => Number(c.id))).toEqual([1, 2]);
  });
});
