/** Stancemap's root package: the exception hierarchy and argument checks shared by every module. */
package org.stancemap;
