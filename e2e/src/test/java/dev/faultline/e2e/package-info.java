/** End-to-end tests: real JVMs started with the packaged agent jar. */
package dev.faultline.e2e;
