"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import type { ConcurrentLoginPolicy, InspectResponse, LoginItem, UserProfile } from "@/lib/auth/types";
import { type ApiResult, apiFetch } from "@/lib/client/api";
import { t } from "@/lib/i18n";
import type { DevicesDict } from "@/lib/i18n/devices.en";
import type { DashboardDict } from "../dashboard-dict";
import { errorMessage } from "../error-message";
import { card, muted } from "../ui";
import { DevicesPanel } from "./DevicesPanel";
import { EventsList } from "./EventsList";
import { ExposureTimeline } from "./ExposureTimeline";
import { PasswordForm } from "./PasswordForm";
import { PolicyForm, policyLabel } from "./PolicyForm";

type Status = { ok: boolean; text: string } | null;

interface Props {
  /** The dashboard's last inspect (polled with ?with=devices): logins, gaps and events come with it. */
  inspect: InspectResponse | null;
  dict: DevicesDict;
  common: DashboardDict;
  /** Something changed server-side: reload the dashboard's view (this one comes with it). */
  onChanged: () => Promise<void>;
}

/** Devices, the login policy, password change, the revocation gap and the event log. */
export function DevicesSection({ inspect, dict, common, onChanged }: Props) {
  const router = useRouter();
  const errors = { ...common.errors, ...dict.errors };
  const logins = inspect?.devices?.sessions ?? null;
  const exposures = inspect?.devices?.exposures ?? [];
  const events = inspect?.devices?.events ?? null;
  const [busy, setBusy] = useState<string | null>(null);
  const [devicesStatus, setDevicesStatus] = useState<Status>(null);
  const [policyStatus, setPolicyStatus] = useState<Status>(null);
  const [passwordStatus, setPasswordStatus] = useState<Status>(null);
  const [savedPolicy, setSavedPolicy] = useState<ConcurrentLoginPolicy | null>(null);
  const signedOut = useRef(false);

  const failed = (result: Extract<ApiResult, { ok: false }>, template: string): Status => ({
    ok: false,
    text: t(template, { status: result.status, message: errorMessage(errors, result.error, result.headers) }),
  });

  async function act(key: string, work: () => Promise<void>) {
    if (busy) return;
    setBusy(key);
    try {
      await work();
    } finally {
      setBusy(null);
      if (!signedOut.current) await onChanged();
    }
  }

  const revoke = (item: LoginItem) =>
    act(item.id, async () => {
      setDevicesStatus(null);
      const result = await apiFetch<{ revoked: boolean; current: boolean }>(`/api/auth/sessions/${encodeURIComponent(item.id)}`, {
        method: "DELETE",
      });
      if (!result.ok) {
        setDevicesStatus(failed(result, dict.devices.failed));
        return;
      }
      if (result.body.current) {
        signedOut.current = true;
        router.push("/login");
        return;
      }
      const d = dict.devices;
      setDevicesStatus({
        ok: true,
        text: !result.body.revoked ? d.revokedNothing : item.mode === "session" ? d.revokedSession : d.revokedJwt,
      });
    });

  const revokeOthers = () =>
    act("others", async () => {
      setDevicesStatus(null);
      const result = await apiFetch<{ revoked: number }>("/api/auth/sessions/revoke-others", { method: "POST" });
      if (!result.ok) {
        setDevicesStatus(failed(result, dict.devices.failed));
        return;
      }
      const n = result.body.revoked;
      const d = dict.devices;
      setDevicesStatus({ ok: true, text: n === 0 ? d.revokedOthersNone : n === 1 ? d.revokedOthersOne : t(d.revokedOthers, { n }) });
    });

  const current = savedPolicy ?? inspect?.user.concurrentLogins ?? null;

  const savePolicy = (policy: ConcurrentLoginPolicy, currentPassword: string) =>
    act("policy", async () => {
      setPolicyStatus(null);
      if (policy === current) {
        setPolicyStatus({ ok: true, text: dict.policy.unchanged });
        return;
      }
      const result = await apiFetch<{ user: UserProfile }>("/api/me/policy", {
        method: "PUT",
        body: { concurrentLogins: policy, currentPassword },
      });
      if (!result.ok) {
        setPolicyStatus(failed(result, dict.policy.failed));
        return;
      }
      setSavedPolicy(result.body.user.concurrentLogins);
      setPolicyStatus({ ok: true, text: t(dict.policy.saved, { policy: policyLabel(result.body.user.concurrentLogins, dict.policy) }) });
    });

  const changePassword = async (currentPassword: string, newPassword: string): Promise<boolean> => {
    let changed = false;
    await act("password", async () => {
      setPasswordStatus(null);
      const result = await apiFetch<{ ok: true; endedLogins: number }>("/api/me/password", {
        method: "PUT",
        body: { currentPassword, newPassword },
      });
      if (!result.ok) {
        setPasswordStatus(failed(result, dict.password.failed));
        return;
      }
      changed = true;
      const n = result.body.endedLogins;
      const d = dict.password;
      setPasswordStatus({ ok: true, text: n === 0 ? d.changedNone : n === 1 ? d.changedOne : t(d.changed, { n }) });
    });
    return changed;
  };

  return (
    <section aria-labelledby="logins-heading" className="space-y-6 pt-4" data-testid="devices-section">
      <div className="space-y-1">
        <h2 id="logins-heading" className="text-2xl font-bold tracking-tight">
          {dict.section.heading}
        </h2>
        <p className={muted}>{dict.section.lead}</p>
      </div>

      <DevicesPanel
        logins={logins}
        dict={dict.devices}
        modeNames={common.mode}
        busy={busy}
        status={devicesStatus}
        onRevoke={(item) => void revoke(item)}
        onRevokeOthers={() => void revokeOthers()}
      />

      <section aria-labelledby="gap-heading" className={`${card} space-y-3`} data-testid="gap-panel">
        <h3 id="gap-heading" className="text-xl font-semibold">
          {dict.gap.heading}
        </h3>
        <p className={`text-sm ${muted}`}>{dict.gap.intro}</p>
        <ExposureTimeline windows={exposures} dict={dict} emptyText={dict.gap.none} />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <PolicyForm
          current={current}
          dict={dict.policy}
          busy={busy === "policy"}
          status={policyStatus}
          onSave={async (p, pw) => {
            await savePolicy(p, pw);
            return true;
          }}
        />
        <PasswordForm dict={dict.password} busy={busy === "password"} status={passwordStatus} onSubmit={changePassword} />
      </div>

      <EventsList events={events} dict={dict} modeNames={common.mode} error={null} />
    </section>
  );
}
