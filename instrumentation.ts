// Runs once per server process, before the first request (Next's instrumentation hook).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startUpOrExit } = await import("./lib/startup");
  await startUpOrExit();
}
