/** The site footer shown on every page. */
export function SiteFooter() {
  return (
    <footer class="site-footer">
      <p>
        Sessions, cookies and flash messages on Deno KV. The cookie holds only a
        random id; your data stays on the server.
      </p>
    </footer>
  );
}
