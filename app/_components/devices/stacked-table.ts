// On a phone, a table of logins or events becomes a stack of cards: each row a block,
// each cell a line labelled by its column (the cell's data-label), so nothing important
// (like the button that ends a login) hides behind a sideways scroll.

export const stackTable = "w-full text-left text-sm max-sm:block";
export const stackHead = "max-sm:hidden";
export const stackBody = "max-sm:block";
export const stackRow = "max-sm:block max-sm:py-2";
export const stackCell =
  "max-sm:flex max-sm:items-baseline max-sm:gap-3 max-sm:py-1 max-sm:before:w-24 max-sm:before:shrink-0 max-sm:before:text-xs max-sm:before:font-semibold max-sm:before:text-neutral-600 max-sm:before:content-[attr(data-label)] dark:max-sm:before:text-neutral-400";
