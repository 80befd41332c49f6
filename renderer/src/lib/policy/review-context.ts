// What a section added to the policy review (the `extra` slot of PolicyReview) is told about the change under review.
export interface ReviewContext {
  serverId: string;
  /** The active policy's text. */
  before: string;
  /** The text that would be saved. */
  after: string;
}
