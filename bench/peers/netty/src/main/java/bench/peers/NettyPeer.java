package bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Netty 4.2 as in its HTTP hello-world example: an acceptor loop and one event loop per core,
 * the epoll transport ({@code NettyPeer PORT nio} for NIO), backlog 1024, answers written as
 * requests are read and flushed once per read, so a pipelined batch leaves in one write.
 */
public final class NettyPeer {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        boolean epoll = !(args.length > 1 && args[1].equals("nio"));
        if (epoll && !Epoll.isAvailable()) {
            throw new IllegalStateException("epoll unavailable", Epoll.unavailabilityCause());
        }
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        var boss = new MultiThreadIoEventLoopGroup(1, io);
        var loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), io);
        var channel = new ServerBootstrap()
                .group(boss, loops)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Hello());
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.println("netty (" + (epoll ? "epoll" : "nio") + ") on 127.0.0.1:" + port);
        channel.closeFuture().sync();
    }

    private static final class Hello extends SimpleChannelInboundHandler<HttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpRequest req) {
            boolean root = new QueryStringDecoder(req.uri()).path().equals("/");
            var res = new DefaultFullHttpResponse(req.protocolVersion(),
                    root ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                    root ? Unpooled.wrappedBuffer(HELLO) : Unpooled.EMPTY_BUFFER);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
            if (HttpUtil.isKeepAlive(req)) {
                HttpUtil.setKeepAlive(res, true);
                ctx.write(res);
            } else {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.write(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
