/**
 * For tests only: the real analysis pipeline and the project's folders, shared by the test fixtures of the modules
 * that run it (cli, ask, search, web) instead of a copy in each. No main code depends on this package.
 */
package org.stancemap.testkit;
