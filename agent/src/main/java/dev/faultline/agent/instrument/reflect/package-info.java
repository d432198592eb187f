/**
 * Calls into libraries the agent does not compile against (the Servlet API, Apache HttpClient, OkHttp): public
 * methods found by name and cached per class as method handles.
 */
package dev.faultline.agent.instrument.reflect;
