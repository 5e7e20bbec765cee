import type { QuotaAnswer } from '@/lib/messaging';

/** "Key works: 212 of 250 lookups left today", or the problem with its next step. */
export function QuotaLine({ answer }: { answer: QuotaAnswer }) {
  if (answer.problem)
    return <span class="error">{`${answer.problem.message} ${answer.problem.nextStep}`}</span>;
  if (!answer.usage) return <span>Key works: no lookups used today.</span>;
  const { remaining, total } = answer.usage;
  return <span>{`Key works: ${remaining} of ${total} lookups left today.`}</span>;
}
