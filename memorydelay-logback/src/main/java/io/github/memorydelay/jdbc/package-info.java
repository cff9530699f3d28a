/**
 * Fleet mode's store in the application's relational database, over plain JDBC, free of
 * Spring.
 */
package io.github.memorydelay.jdbc;
