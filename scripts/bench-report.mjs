// The table `make bench` ends with: each target, the figure measured
// beside it, and whether it is met. Shared by scripts/bench.mjs and
// scripts/bench-browser.mjs (each prints its own table at its end).
//
//   const table = targetTable();
//   table.row("journal append in wasm >= 30k entries/s", "31,200/s (median of 5)", 31200 >= 30000);
//   table.print("scripts/bench.mjs");
//
// `met` is true, false, or null when the figure could not be measured
// (say why in `figure`); a target is never reported met without a figure.

export function formatRow(target, figure, met) {
  const status = met === null || met === undefined ? "not measured" : met ? "met" : "NOT MET";
  return `| ${target} | ${figure} | ${status} |`;
}

export function targetTable() {
  const rows = [];
  return {
    rows,
    row(target, figure, met) {
      rows.push(formatRow(target, figure, met));
    },
    print(title) {
      console.log(`\n${title}: targets\n\n| target | figure | status |\n| --- | --- | --- |\n${rows.join("\n")}\n`);
    },
  };
}
