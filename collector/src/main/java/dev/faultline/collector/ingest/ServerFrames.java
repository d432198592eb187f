package dev.faultline.collector.ingest;

import dev.faultline.common.Protocol;
import dev.faultline.proto.v1.Ack;
import dev.faultline.proto.v1.HelloReply;
import dev.faultline.proto.v1.Rejection;
import dev.faultline.proto.v1.RejectionCause;
import dev.faultline.proto.v1.ServerFrame;

/** Factories for the frames the collector sends. */
final class ServerFrames {

  private ServerFrames() {}

  static ServerFrame accepted(long lastSequence, int maxFrameBytes) {
    return ServerFrame.newBuilder().setHelloReply(HelloReply.newBuilder()
        .setAccepted(true).setProtocolVersion(Protocol.VERSION)
        .setLastSequence(lastSequence).setMaxFrameBytes(maxFrameBytes)).build();
  }

  static ServerFrame refused(String reason, int maxFrameBytes) {
    return ServerFrame.newBuilder().setHelloReply(HelloReply.newBuilder()
        .setAccepted(false).setReason(reason).setProtocolVersion(Protocol.VERSION)
        .setMaxFrameBytes(maxFrameBytes)).build();
  }

  static ServerFrame ack(long sequence) {
    return ServerFrame.newBuilder().setAck(Ack.newBuilder().setSequence(sequence)).build();
  }

  static ServerFrame rejection(RejectionCause cause, String message) {
    return ServerFrame.newBuilder().setRejection(Rejection.newBuilder().setCause(cause).setMessage(message)).build();
  }
}
