package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.http.Response;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class BindFailureTest {

    @Test
    void aPortInUseIsNamedInTheBindException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            BindException e = assertThrows(BindException.class, () -> Server.start(
                    ServerConfig.builder().host("127.0.0.1").port(port).build(), r -> Response.text("hi")));
            assertEquals("cannot listen on 127.0.0.1:" + port + ": address already in use", e.getMessage());
            assertInstanceOf(BindException.class, e.getCause(), "the JDK's exception is kept as the cause");
        }
    }

    @Test
    void aSecondServerOnTheSamePortIsRefusedWithItsAddress() throws Exception {
        try (Server first = Server.start(ServerConfig.builder().port(0).build(), r -> Response.text("hi"))) {
            int port = first.port();
            BindException e = assertThrows(BindException.class, () -> Server.start(port, r -> Response.text("hi")));
            assertEquals("cannot listen on 127.0.0.1:" + port + ": address already in use", e.getMessage());
        }
    }

    @Test
    void anAddressNotOnThisMachineIsNamedWithTheJdkReason() {
        // 192.0.2.0/24 is TEST-NET-1: no interface here has it.
        BindException e = assertThrows(BindException.class, () -> Server.start(
                ServerConfig.builder().host("192.0.2.1").port(0).build(), r -> Response.text("hi")));
        assertNotNull(e.getMessage());
        assertEquals(true, e.getMessage().startsWith("cannot listen on 192.0.2.1:0: "), e.getMessage());
    }
}
