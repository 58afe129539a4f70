/** What the app shows when its design store cannot be opened: the reason, and what to do. */
export function StoreUnavailable({ message }: { message: string }) {
  return (
    <main className="as-store-error" role="alert">
      <h1>The design store cannot be opened</h1>
      <p>{message}</p>
    </main>
  );
}
