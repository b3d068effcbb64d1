/**
 * A cell's column name, shown inside the cell where a `.labelled-table`
 * hides its header row (small screens, static/styles.css). Hidden from
 * screen readers, which announce the header cells.
 */
export function CellLabel({ children }: { children: string }) {
  return <span class="cell-label" aria-hidden="true">{children}</span>;
}
