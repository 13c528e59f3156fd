import { ApiError } from "@/lib/errors";

/** The ApiError a promise rejects with; anything else (or success) fails the test. */
export async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected an ApiError, got success");
}
