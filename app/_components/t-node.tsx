import { Fragment, type ReactNode } from "react";
import { withJosa } from "@/lib/i18n/josa";

/**
 * Like t(), but a placeholder can be filled with an element (e.g. a <time>), wherever the
 * language puts it. `{name|을/를}` takes the particle the value's last syllable needs
 * (a string value only: an element has no syllable to read).
 */
export function tNode(template: string, vars: Record<string, ReactNode>): ReactNode {
  return template.split(/(\{\w+(?:\|[^}]+)?\})/).map((part, index) => {
    const match = /^\{(\w+)(?:\|([^}]+))?\}$/.exec(part);
    const key = match?.[1];
    const pair = match?.[2];
    let filled: ReactNode = part;
    if (key !== undefined && key in vars) {
      const value = vars[key];
      filled = pair && typeof value === "string" ? withJosa(value, pair) : value;
    }
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one template never reorder
    return <Fragment key={index}>{filled}</Fragment>;
  });
}
