// @ts-check
// The navigation between the console's pages, on the case inbox (index.html): shown when console.js says
// someone signed in, removed when they sign out. The pages and the roles they need are in common.js.
import { showNavigation } from './common.js';

var container = /** @type {HTMLElement} */ (document.getElementById('page-nav'));
document.addEventListener('console:signed-in', function (event) {
  var account = /** @type {CustomEvent<import('./common.js').Account>} */ (event).detail;
  showNavigation(container, account).catch(function () {
    container.replaceChildren(); // the links are a convenience: the pages themselves still work
  });
});
document.addEventListener('console:signed-out', function () {
  void showNavigation(container, null);
});
