package io.kshealth.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * Logback's start-up configuration, in code: plain text to stderr at INFO. Found by logback through
 * {@code META-INF/services}; it replaces {@code logback.xml}, whose XML parser and Joran machinery
 * cost the sidecar about 600 loaded classes. {@link LoggingSetup} applies the {@code logging:}
 * section of the config afterwards.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

  static final String APPENDER = "STDERR";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(APPENDER);
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    // Kafka's clients log every failed reconnect (once a second while a broker is down) and their
    // whole config at start; the lag collector reports the brokers' state itself, and logs the
    // failure that matters once.
    context.getLogger("org.apache.kafka").setLevel(Level.ERROR);
    // Jetty announces its version and every start and stop at INFO; the agent says it listens.
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
