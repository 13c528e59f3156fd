import { Fragment, type ReactNode } from "react";

/** Like t(), but a placeholder can be filled with an element (e.g. a <time>), wherever the language puts it. */
export function tNode(template: string, vars: Record<string, ReactNode>): ReactNode {
  return template.split(/(\{\w+\})/).map((part, index) => {
    const key = /^\{(\w+)\}$/.exec(part)?.[1];
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one template never reorder
    return <Fragment key={index}>{key !== undefined && key in vars ? vars[key] : part}</Fragment>;
  });
}
