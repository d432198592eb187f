/**
 * The web dashboard: its static files live as classpath resources under {@code dev/faultline/collector/web/}
 * (page, stylesheets, ES modules, vendored libraries, the OpenAPI document), and {@link
 * dev.faultline.collector.web.StaticAssets} maps a request path onto them for the query server.
 */
package dev.faultline.collector.web;
