package hostile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Loopback servers for the cases that need a network. They speak just
// enough HTTP/1.1 for go-git and cambscan's prober, one request per
// connection: net/http is reserved to the verify package by the layering
// rules (TestLayering), and a harness needs no more.

// An httpRequest is what the servers read of a request.
type httpRequest struct {
	Method, Path, Query string
	Header              textproto.MIMEHeader
	Body                []byte
}

// A handler writes a complete response, status line included, to w. It
// returns when done or when stop is closed.
type handler func(req *httpRequest, w io.Writer, stop <-chan struct{})

// listen starts a loopback TCP listener whose connections are served by
// serve; everything stops when the case ends.
func (e *Env) listen(serve func(c net.Conn, stop <-chan struct{})) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", needs("a loopback listener: " + err.Error())
	}
	stop := make(chan struct{})
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go serve(c, stop)
		}
	}()
	e.Defer(func() {
		close(stop)
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return ln.Addr().String(), nil
}

// Silent starts a loopback TCP server that accepts connections, reads and
// never answers, and returns its address.
func (e *Env) Silent() (string, error) {
	return e.listen(func(c net.Conn, _ <-chan struct{}) { io.Copy(io.Discard, c) })
}

// Serve starts a loopback HTTP server with h and returns its base URL
// ("http://127.0.0.1:PORT").
func (e *Env) Serve(h handler) (string, error) {
	addr, err := e.listen(func(c net.Conn, stop <-chan struct{}) {
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		req, err := readRequest(bufio.NewReader(c))
		if err != nil {
			return
		}
		c.SetReadDeadline(time.Time{})
		h(req, c, stop)
	})
	return "http://" + addr, err
}

// readRequest reads a request line, headers and a body of Content-Length
// bytes or in chunks.
func readRequest(br *bufio.Reader) (*httpRequest, error) {
	tp := textproto.NewReader(br)
	line, err := tp.ReadLine()
	if err != nil {
		return nil, err
	}
	f := strings.Fields(line)
	if len(f) != 3 {
		return nil, fmt.Errorf("bad request line %q", line)
	}
	req := &httpRequest{Method: f[0], Path: f[1]}
	req.Path, req.Query, _ = strings.Cut(req.Path, "?")
	if req.Header, err = tp.ReadMIMEHeader(); err != nil {
		return nil, err
	}
	if n := req.Header.Get("Content-Length"); n != "" {
		size, err := strconv.Atoi(n)
		if err != nil || size < 0 || size > 64<<20 {
			return nil, fmt.Errorf("bad Content-Length %q", n)
		}
		req.Body = make([]byte, size)
		_, err = io.ReadFull(br, req.Body)
		return req, err
	}
	if strings.EqualFold(req.Header.Get("Transfer-Encoding"), "chunked") {
		var body bytes.Buffer
		for {
			line, err := tp.ReadLine()
			if err != nil {
				return nil, err
			}
			size, err := strconv.ParseInt(strings.TrimSpace(strings.SplitN(line, ";", 2)[0]), 16, 32)
			if err != nil || body.Len()+int(size) > 64<<20 {
				return nil, fmt.Errorf("bad chunk %q", line)
			}
			if size == 0 {
				tp.ReadMIMEHeader() // trailers
				break
			}
			if _, err := io.CopyN(&body, br, size); err != nil {
				return nil, err
			}
			tp.ReadLine()
		}
		req.Body = body.Bytes()
	}
	return req, nil
}

// statusText names the statuses the servers send.
func statusText(code int) string {
	switch code {
	case 200:
		return "OK"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	}
	return "Status"
}

// Answer is a handler that answers every request with status, a
// Content-Type and body, after delay (or never, when the case ends first).
func Answer(status int, contentType, body string, delay time.Duration) handler {
	return func(_ *httpRequest, w io.Writer, stop <-chan struct{}) {
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-stop:
				return
			}
		}
		fmt.Fprintf(w, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
			status, statusText(status), contentType, len(body), body)
	}
}

// GitHTTP serves the bare repositories under root over git's smart HTTP
// protocol, with git http-backend run as a CGI program, and returns the
// base URL. Any user name and password are accepted, as by a server that
// gets a token in the URL.
func (e *Env) GitHTTP(root string) (string, error) {
	if err := needGit(); err != nil {
		return "", err
	}
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		return "", needs("git --exec-path")
	}
	backend := filepath.Join(strings.TrimSpace(string(execPath)), "git-http-backend")
	if _, err := os.Stat(backend); err != nil {
		return "", needs("git-http-backend")
	}
	env := append(e.gitEnv(), "GIT_PROJECT_ROOT="+root, "GIT_HTTP_EXPORT_ALL=1")
	return e.Serve(func(req *httpRequest, w io.Writer, _ <-chan struct{}) {
		cgiRequest(backend, env, req, w)
	})
}

// cgiRequest runs the CGI program for req and relays its answer: the
// "Status" header becomes the status line, the body is streamed until the
// connection closes.
func cgiRequest(program string, env []string, req *httpRequest, w io.Writer) {
	cmd := exec.Command(program)
	cmd.Env = append(env,
		"GATEWAY_INTERFACE=CGI/1.1", "SERVER_PROTOCOL=HTTP/1.1", "SERVER_SOFTWARE=cambscan-hostile",
		"REQUEST_METHOD="+req.Method, "PATH_INFO="+req.Path, "QUERY_STRING="+req.Query,
		"REMOTE_ADDR=127.0.0.1", "CONTENT_TYPE="+req.Header.Get("Content-Type"),
		"CONTENT_LENGTH="+strconv.Itoa(len(req.Body)))
	for k, v := range req.Header {
		if k == "Content-Type" || k == "Content-Length" || k == "Authorization" {
			continue
		}
		cmd.Env = append(cmd.Env, "HTTP_"+strings.ReplaceAll(strings.ToUpper(k), "-", "_")+"="+strings.Join(v, ", "))
	}
	cmd.Stdin = bytes.NewReader(req.Body)
	out, err := cmd.StdoutPipe()
	if err != nil || cmd.Start() != nil {
		io.WriteString(w, "HTTP/1.1 500 Status\r\nConnection: close\r\n\r\n")
		return
	}
	defer cmd.Wait()
	br := bufio.NewReaderSize(out, 64<<10)
	hdr, err := textproto.NewReader(br).ReadMIMEHeader()
	if err != nil {
		io.WriteString(w, "HTTP/1.1 500 Status\r\nConnection: close\r\n\r\n")
		io.Copy(io.Discard, br)
		return
	}
	status := "200 OK"
	if s := hdr.Get("Status"); s != "" {
		status = s
	}
	var head strings.Builder
	fmt.Fprintf(&head, "HTTP/1.1 %s\r\n", status)
	for k, vs := range hdr {
		if k == "Status" {
			continue
		}
		for _, v := range vs {
			fmt.Fprintf(&head, "%s: %s\r\n", k, v)
		}
	}
	head.WriteString("Connection: close\r\n\r\n")
	io.WriteString(w, head.String())
	if _, err := io.Copy(w, br); err != nil {
		io.Copy(io.Discard, br) // the client went away: let the program end
	}
}
