package io.vidsift.service.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** A stand-in for a service API behind the filter. */
@Path("/kit-echo")
public class EchoResource {

    @GET
    public String get() {
        return "echo";
    }

    @POST
    public String post(String body) {
        return "got " + body.length();
    }
}
