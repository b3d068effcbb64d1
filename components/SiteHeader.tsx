/** The site header shown on every page. */
export function SiteHeader() {
  return (
    <header class="site-header">
      <a class="brand" href="/">Deno Shop</a>
      <nav aria-label="Main">
        <a href="/">Catalogue</a>
      </nav>
    </header>
  );
}
