package org.stancemap;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Allows, in one method or class, a JDK API that the build's static check (forbiddenapis, see the parent POM)
 * forbids elsewhere. {@link #reason} says why it is needed there.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface SuppressForbidden {
  /** Why the forbidden API is the right one here. */
  String reason();
}
