/**
 * Instrumentation of JDBC drivers: {@code Statement}, {@code PreparedStatement} and {@code CallableStatement}
 * {@code execute*} calls become calls of the edge {@code service -> db:<vendor>://host:port/name}, per SQL
 * operation. Only the connection URL's vendor, host, port and database name and the SQL's first keyword are read;
 * statement text and values are never kept.
 */
package dev.faultline.agent.instrument.jdbc;
