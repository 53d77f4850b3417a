// Filter lists the user imported: the list, removing one, importing one.
import { t, tNodes, el, clear, bdi, visible, send } from "../ui/dom.js";
import { M, $, say } from "./page.js";

export function renderLists(lists) {
  const ul = clear($("lists"));
  if (!lists.length) ul.append(el("li", {}, t("listsNone")));
  for (const l of lists) {
    ul.append(
      el(
        "li",
        { "data-list": l.name },
        ...tNodes("listsEntry", [bdi(l.name), String(l.rules), t("category_" + l.category.replace(/-/g, "_"))]),
        " ",
        el("button", { type: "button", "aria-label": t("listsRemoveLabel", [visible(l.name)]), onclick: () => send({ type: M.FILTERS_REMOVE, name: l.name }).then(renderLists) }, t("siteRemove")),
      ),
    );
  }
}

$("list-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const file = $("list-file").files[0];
  if (!file) return;
  $("list-error").textContent = "";
  try {
    const lists = await send({ type: M.FILTERS_IMPORT, name: $("list-name").value, category: $("list-category").value, text: await file.text() });
    renderLists(lists);
    $("list-form").reset();
    say(t("listsImported"));
  } catch (e) {
    $("list-error").textContent = t("listsImportFailed", [e.message]);
  }
});
