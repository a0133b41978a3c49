/** The element with `id`; a missing one is a page bug worth failing loudly on. */
export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`console: #${id} missing from the page`);
  return el as T;
}

/** Creates an element with a class and text (text, never HTML: all values come from users or the bot). */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text?: string,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A column of a state table: header text key and how to show a row's cell (text, or an element such as `<time>`). */
export interface Column<Row> {
  key: string;
  cell: (row: Row) => string | HTMLElement;
  className?: (row: Row) => string;
}

/** Renders rows as an accessible table (a caption-less table labelled by the region around it). */
export function renderTable<Row>(
  header: (key: string) => string,
  columns: Column<Row>[],
  rows: Row[],
  rowKey?: (row: Row) => string,
  changed?: Set<string>,
): HTMLTableElement {
  const table = make("table");
  const head = make("tr");
  for (const col of columns) {
    const th = make("th", "", header(col.key));
    th.scope = "col";
    head.append(th);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = make("tr");
    const key = rowKey?.(row);
    if (key !== undefined) tr.dataset.key = key;
    if (key !== undefined && changed?.has(key)) tr.classList.add("changed");
    for (const col of columns) {
      const td = make("td", col.className?.(row) ?? "");
      td.append(col.cell(row));
      tr.append(td);
    }
    body.append(tr);
  }
  return table;
}

/** A `<time>` with the machine-readable value and the text people read. */
export function timeElement(datetime: string, text: string): HTMLElement {
  const el = make("time", "", text);
  el.setAttribute("datetime", datetime);
  el.title = datetime;
  return el;
}
