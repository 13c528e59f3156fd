import "server-only";
import type { AuthContext } from "./context";
import type { AuthResult, ModeName, StorageView, UserDTO } from "./types";

// The contract both login mechanisms implement (DESIGN.md). Everything above this line
// (routes, pages, the dashboard) is written once against it.
export interface AuthMode {
  name: ModeName;
  /** Issue credentials for `user`: write this mode's cookies and server state. */
  signIn(user: UserDTO, ctx: AuthContext): Promise<void>;
  /** Who is this request, and how was that decided (the trace)? Never writes cookies. */
  authenticate(ctx: AuthContext): Promise<AuthResult>;
  /** Clear this mode's cookies and revoke the server state behind them. */
  signOut(ctx: AuthContext, reason: string): Promise<void>;
  /** What this mode keeps in this browser and on the server for `user`. */
  describe(ctx: AuthContext, user: UserDTO): Promise<StorageView>;
  /** Does this request carry any credential cookie of this mode? (cheap, no checks) */
  hasCredentials(ctx: AuthContext): boolean;
}
