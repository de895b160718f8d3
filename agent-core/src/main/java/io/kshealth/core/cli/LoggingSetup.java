package io.kshealth.core.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.kshealth.core.config.LoggingConfig;
import org.slf4j.LoggerFactory;

/** Applies the {@code logging:} section to logback, once the config is read. */
final class LoggingSetup {

  private LoggingSetup() {}

  static void apply(LoggingConfig config) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level().name()));
    if (config.format() == LoggingConfig.Format.JSON
        && root.getAppender(LogConfigurator.APPENDER)
            instanceof ConsoleAppender<ILoggingEvent> console) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithMessage(false);
      encoder.setWithFormattedMessage(true);
      encoder.setWithArguments(false);
      encoder.setWithContext(false);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.start();
      console.stop();
      console.setEncoder(encoder);
      console.start();
    }
  }

  /** For one-shot commands, whose output is the point: only warnings and errors. */
  static void quiet() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
  }
}
