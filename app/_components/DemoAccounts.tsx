import { type Dict, t } from "@/lib/i18n";
import type { DemoAccount } from "./LoginForm";
import { buttonSecondary, card, muted } from "./ui";

export function DemoAccounts({
  dict,
  accounts,
  onUse,
}: {
  dict: Dict["login"];
  accounts: DemoAccount[];
  onUse: (account: DemoAccount) => void;
}) {
  return (
    <section aria-labelledby="demo-heading" className={card} data-testid="demo-accounts">
      <h2 id="demo-heading" className="text-lg font-semibold">
        {dict.demoHeading}
      </h2>
      <p className={`mt-1 mb-3 text-sm ${muted}`}>{dict.demoNote}</p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-neutral-200 dark:border-neutral-800">
              <th scope="col" className="py-2 pr-4 font-medium">
                {dict.demoUsername}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {dict.demoPassword}
              </th>
              <th scope="col" className="py-2 pr-4 font-medium">
                {dict.demoRole}
              </th>
              <td />
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.username} className="border-b border-neutral-100 last:border-0 dark:border-neutral-800">
                <th scope="row" className="py-2 pr-4 font-mono font-normal">
                  {account.username}
                </th>
                <td className="py-2 pr-4 font-mono">{account.password}</td>
                <td className="py-2 pr-4">{account.role}</td>
                <td className="py-2 text-right">
                  <button
                    type="button"
                    onClick={() => onUse(account)}
                    aria-label={t(dict.demoUseLabel, { username: account.username })}
                    className={`${buttonSecondary} px-3 py-1`}
                  >
                    {dict.demoUse}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
