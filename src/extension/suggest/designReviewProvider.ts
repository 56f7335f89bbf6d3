import * as vscode from 'vscode';
import { reviewLabels } from '../review/reviewStrings';
import type { DocumentReview } from './documentReview';
import { buildReviewNodes, childrenOf, type ReviewNode } from './reviewNodes';
import { reviewTreeItem } from './reviewTreeItems';

export const DESIGN_REVIEW_VIEW = 'sdp.designReview';

/**
 * The "Design Review" tree: the suggestions for the document the controller shows, each with
 * its evidence, first solutions and open questions, then the figures found, the combinations and
 * any problems in the document's review comments.
 * Empty (so the view's welcome content shows) when no reviewable document is active.
 */
export class DesignReviewProvider implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  private review: DocumentReview | undefined;
  private roots: readonly ReviewNode[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** The review on display, if any. */
  get current(): DocumentReview | undefined {
    return this.review;
  }

  /** Whether the review on display gives the tree no row at all (the welcome content then explains why). */
  get isEmpty(): boolean {
    return this.roots.length === 0;
  }

  show(review: DocumentReview | undefined): void {
    if (review === this.review) return;
    this.review = review;
    this.roots = review ? buildReviewNodes(review, reviewLabels()) : [];
    this.changed.fire();
  }

  getChildren(element?: ReviewNode): ReviewNode[] {
    return [...(element ? childrenOf(element) : this.roots)];
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    return reviewTreeItem(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
